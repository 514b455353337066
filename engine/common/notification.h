// Notifications: what a statement that ran would want its reader to know — a
// label, type or property key the graph does not have, a name that is only an
// alias — without failing it (`--strict` makes them errors). Like error kinds
// (common/errors.h) there is one registry of notification kinds, read by the
// binder and the evaluator that raise them, the formats that print them and
// `:help notifications`.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "common/errors.h"

namespace kgq {

enum class NotificationKind {
  UnknownLabel,
  UnknownRelationshipType,
  UnknownPropertyKey,
  AliasComparedWithName,
  CartesianProduct,
};

struct NotificationInfo {
  NotificationKind kind;
  std::string_view code;     // stable, for programs reading JSON: "UnknownLabel"
  std::string_view summary;  // one line for :help notifications
  bool strict = true;        // --strict makes it an error (a warning about cost does not: the query is right)
};

// Every kind, in the order of NotificationKind.
const std::vector<NotificationInfo>& notificationRegistry();
const NotificationInfo& notificationInfo(NotificationKind kind);

struct Notification {
  NotificationKind kind = NotificationKind::UnknownLabel;
  std::string message;
  SourcePos pos;
  std::string hint;

  std::string_view code() const { return notificationInfo(kind).code; }
  // "warning: UnknownLabel: <query>:1:10: ...", with the caret line and hint like an error.
  std::string render() const;
  // The same, as the error --strict raises.
  SemanticError toError() const;
};

using Notifications = std::vector<Notification>;

}  // namespace kgq
