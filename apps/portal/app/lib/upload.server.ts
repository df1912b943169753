import {
  MaxPartSizeExceededError,
  unstable_createMemoryUploadHandler,
  unstable_parseMultipartFormData,
} from "@remix-run/node";

/** Room for the other form fields and the multipart framing around the file. */
const FRAMING_BYTES = 64 * 1024;

/**
 * A form that may carry one uploaded file, read with a byte limit: a declared Content-Length over
 * the limit is refused before the body is read, and a multipart part over it stops the read (the
 * default `request.formData()` buffers any size). Returns `null` when the upload is too large.
 */
export async function readUploadForm(
  request: Request,
  maxFileBytes: number,
): Promise<FormData | null> {
  const declared = Number(request.headers.get("Content-Length") ?? "0");
  if (declared > maxFileBytes + FRAMING_BYTES) return null;
  const type = request.headers.get("Content-Type") ?? "";
  if (!type.startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(
      request,
      unstable_createMemoryUploadHandler({ maxPartSize: maxFileBytes }),
    );
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}
