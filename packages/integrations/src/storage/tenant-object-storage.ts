import { normalizeTenantId } from "./object-key.js";
import type {
  GetObjectOptions,
  ObjectContent,
  ObjectInfo,
  ObjectStorage,
  PresignDownloadOptions,
  PutObjectInput,
  StoredObject,
} from "./object-storage.js";

/** {@link ObjectStorage} bound to one tenant: uploads land under it, other keys are not found. */
export interface TenantObjectStorage {
  readonly tenantId: string;
  putObject(input: Omit<PutObjectInput, "tenantId">): Promise<StoredObject>;
  getObject(key: string, options?: GetObjectOptions): Promise<ObjectContent>;
  headObject(key: string): Promise<ObjectInfo | null>;
  deleteObject(key: string): Promise<void>;
  presignDownload(key: string, options?: PresignDownloadOptions): Promise<string>;
}

/**
 * Binds `storage` to the tenant of the current request. Every key-taking method runs
 * `assertKeyBelongsToTenant` first, so a service cannot forget the check: a key of another
 * tenant (e.g. read from a row through a bug) fails with `not_found` before any S3 request.
 */
export function scopeObjectStorageToTenant(
  storage: ObjectStorage,
  tenantId: string,
): TenantObjectStorage {
  const scopedTenantId = normalizeTenantId(tenantId);
  const checked = (key: string) => {
    storage.assertKeyBelongsToTenant(key, scopedTenantId);
    return key;
  };
  return {
    tenantId: scopedTenantId,
    putObject: (input) => storage.putObject({ ...input, tenantId: scopedTenantId }),
    getObject: async (key, options) => storage.getObject(checked(key), options),
    headObject: async (key) => storage.headObject(checked(key)),
    deleteObject: async (key) => storage.deleteObject(checked(key)),
    presignDownload: async (key, options) => storage.presignDownload(checked(key), options),
  };
}
