// @carefold/integrations — adapters for outside services behind small interfaces.
export * from "./storage/object-storage.js";
export * from "./storage/object-storage-error.js";
export * from "./storage/object-kind.js";
export {
  assertKeyBelongsToTenant,
  buildObjectKey,
  normalizeTenantId,
  parseObjectKey,
  type ObjectKeyParts,
} from "./storage/object-key.js";
export {
  MAX_FILE_NAME_LENGTH,
  buildContentDisposition,
  sanitizeFileName,
} from "./storage/file-name.js";
export * from "./storage/s3-config.js";
export {
  S3ObjectStorage,
  createS3Client,
  type S3ObjectStorageDeps,
} from "./storage/s3-object-storage.js";
export * from "./storage/tenant-object-storage.js";
export * from "./storage/local-s3-server.js";
export * from "./telephony/index.js";
export * from "./billing/stripe-config.js";
export * from "./billing/invoicing-provider.js";
export * as stripeIdempotencyKeys from "./billing/idempotency-keys.js";
export { StripeInvoicing, createStripeClient } from "./billing/stripe-invoicing.js";
export * from "./billing/stripe-webhooks.js";
export { startLocalStripeServer, type LocalStripeServer, type LocalStripeServerOptions, type RecordedStripeRequest } from "./billing/local-stripe-server.js";
export * from "./eligibility/clearinghouse.js";
