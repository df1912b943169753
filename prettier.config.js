export { default } from "@carefold/config/prettier";
