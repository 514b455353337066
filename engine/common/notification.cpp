#include "common/notification.h"

namespace kgq {

const std::vector<NotificationInfo>& notificationRegistry() {
  static const std::vector<NotificationInfo> kinds = {
      {NotificationKind::UnknownLabel, "UnknownLabel", "a label the graph does not have (nothing can match it)"},
      {NotificationKind::UnknownRelationshipType, "UnknownRelationshipType",
       "a relationship type the graph does not have (nothing can match it)"},
      {NotificationKind::UnknownPropertyKey, "UnknownPropertyKey",
       "a property key no node or relationship has (it reads null)"},
      {NotificationKind::AliasComparedWithName, "AliasComparedWithName",
       "an empty result compared a name with a value that is another entity's alias"},
      {NotificationKind::CartesianProduct, "CartesianProduct",
       "a MATCH whose patterns share no variable pairs every row of one with every row of the other",
       /*strict=*/false},
  };
  return kinds;
}

const NotificationInfo& notificationInfo(NotificationKind kind) {
  return notificationRegistry()[static_cast<std::size_t>(kind)];
}

std::string Notification::render() const { return "warning: " + renderDiagnostic(code(), message, pos, hint); }

SemanticError Notification::toError() const {
  return SemanticError(message + " (" + std::string(code()) + ", an error with --strict)", pos, hint);
}

}  // namespace kgq
