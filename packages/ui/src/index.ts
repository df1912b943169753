export { cn } from "./cn.js";
export { AppShell, type AppShellProps } from "./components/AppShell.js";
export { AuthLayout, type AuthLayoutProps } from "./components/AuthLayout.js";
export { Avatar } from "./components/Avatar.js";
export { Badge, type BadgeProps, type Tone } from "./components/Badge.js";
export {
  Button,
  buttonClasses,
  buttonIconClass,
  type ButtonProps,
  type ButtonSize,
  type ButtonStyleOptions,
  type ButtonVariant,
} from "./components/Button.js";
export { Card, type CardProps } from "./components/Card.js";
export { ColumnChart, type ColumnChartProps, type ColumnChartSeries } from "./components/ColumnChart.js";
export { Checkbox, type CheckboxProps } from "./components/Checkbox.js";
export { CopyButton, type CopyButtonProps } from "./components/CopyButton.js";
export { Dialog, type DialogProps } from "./components/Dialog.js";
export { EmptyState, type EmptyStateProps } from "./components/EmptyState.js";
export { ErrorPage, type ErrorPageProps } from "./components/ErrorPage.js";
export { Kbd } from "./components/Kbd.js";
export { Logo, LogoMark, type LogoProps } from "./components/Logo.js";
export { NoData } from "./components/NoData.js";
export { Notice, type NoticeProps, type NoticeTone } from "./components/Notice.js";
export { PageHeader, type PageHeaderProps } from "./components/PageHeader.js";
export {
  RelativeTime,
  formatAbsoluteTime,
  formatRelativeTime,
  type RelativeTimeProps,
} from "./components/RelativeTime.js";
export { ProgressBar, type ProgressBarProps, type ProgressTone } from "./components/ProgressBar.js";
export { SelectField, type SelectFieldProps } from "./components/SelectField.js";
export {
  Sidebar,
  isNavItemActive,
  type NavItem,
  type NavLinkProps,
  type NavLinkRenderer,
  type NavSection,
  type SidebarProps,
} from "./components/Sidebar.js";
export { SkipLink } from "./components/SkipLink.js";
export { StatTile, type StatTileProps } from "./components/StatTile.js";
export { StatusDot } from "./components/StatusDot.js";
export {
  SystemStatus,
  type DatabaseState,
  type SystemStatusProps,
  type WorkerState,
} from "./components/SystemStatus.js";
export {
  Table,
  TableEmpty,
  TBody,
  Td,
  Th,
  THead,
  Tr,
  type TableProps,
  type TdProps,
  type ThProps,
} from "./components/Table.js";
export { TextField, type TextFieldProps } from "./components/TextField.js";
export { TopBar, type TopBarProps } from "./components/TopBar.js";
export {
  MenuSeparator,
  UserMenu,
  initialsOf,
  menuItemClasses,
  type UserMenuProps,
} from "./components/UserMenu.js";
export {
  BarChart,
  niceScale,
  type BarChartBar,
  type BarChartProps,
} from "./components/BarChart.js";
export {
  StackedBarChart,
  type StackedBarChartProps,
  type StackedBarRow,
  type StackedBarSegment,
} from "./components/StackedBarChart.js";
export { DescriptionList, type DescriptionItem } from "./components/DescriptionList.js";
export { FileField, type FileFieldProps } from "./components/FileField.js";
export {
  Pagination,
  CursorPagination,
  type CursorPaginationProps,
  pageWindow,
  type PaginationLinkProps,
  type PaginationProps,
} from "./components/Pagination.js";
export { RadioGroup, type RadioGroupProps, type RadioOption } from "./components/RadioGroup.js";
export { Spinner } from "./components/Spinner.js";
export {
  TabNav,
  type TabNavItem,
  type TabNavLinkProps,
  type TabNavProps,
} from "./components/TabNav.js";
export { TextareaField, type TextareaFieldProps } from "./components/TextareaField.js";
export { Timeline, type TimelineItem } from "./components/Timeline.js";
export { NonceContext, useNonce } from "./nonce.js";
export { HYDRATION_GUARD_SCRIPT, HydrationGuard } from "./components/HydrationGuard.js";
