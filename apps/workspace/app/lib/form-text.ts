/** A form field's trimmed text, or undefined when it is missing or blank. */
export function formText(form: FormData) {
  return (name: string): string | undefined => {
    const value = form.get(name);
    return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
  };
}
