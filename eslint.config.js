export { default } from "@carefold/config/eslint";
