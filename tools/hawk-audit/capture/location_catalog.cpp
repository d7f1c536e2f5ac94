#include "capture/location_catalog.h"

#include <clang/AST/ASTContext.h>
#include <clang/AST/Attr.h>
#include <clang/AST/Decl.h>
#include <clang/AST/DeclCXX.h>
#include <clang/AST/Expr.h>

#include "capture/annotation_positions.h"
#include "capture/atomic_types.h"
#include "capture/class_concurrency.h"
#include "capture/decl_keys.h"
#include "capture/source_positions.h"
#include "locks/lock_types.h"

namespace hawk::audit {
namespace {

bool is_constant(const clang::ASTContext& context, clang::QualType type) {
  return context.getBaseElementType(type).isConstQualified();
}

// GUARDED_BY(mu_) names its lock like lock_name does: Class::field, or the global's name.
std::optional<std::string> guard_name(const clang::Expr& argument) {
  const clang::Expr* expr = argument.IgnoreParenImpCasts();
  if (const auto* ref = llvm::dyn_cast<clang::DeclRefExpr>(expr)) {
    if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(ref->getDecl()))
      return qualified_name(*field->getParent()) + "::" + field->getNameAsString();
  }
  return lock_name(argument, nullptr);
}

std::optional<std::string> declared_guard(const clang::Decl& decl) {
  if (const auto* guarded = decl.getAttr<clang::GuardedByAttr>()) return guard_name(*guarded->getArg());
  if (const auto* guarded = decl.getAttr<clang::PtGuardedByAttr>()) return guard_name(*guarded->getArg());
  return std::nullopt;
}

}  // namespace

Candidacy LocationCatalog::candidacy(const clang::VarDecl& var) const {
  if (var.isInvalidDecl() || var.hasLocalStorage() || llvm::isa<clang::ParmVarDecl>(var)) return Candidacy::NotShared;
  return variable_candidacy(var);
}

Candidacy LocationCatalog::candidacy_shared_local(const clang::VarDecl& var) const {
  if (var.isInvalidDecl() || !var.hasLocalStorage()) return Candidacy::NotShared;
  return variable_candidacy(var);
}

Candidacy LocationCatalog::variable_candidacy(const clang::VarDecl& var) const {
  clang::QualType type = var.getType();
  if (type->isReferenceType() || is_sync_type(type) || holds_no_state(type)) return Candidacy::NotShared;
  if (positions_.in_system_header(var.getLocation())) return Candidacy::NotShared;
  if (var.getTLSKind() != clang::VarDecl::TLS_None || var.isConstexpr() || is_constant(context_, type) ||
      is_thread_specific_storage(type))
    return Candidacy::Flagged;
  return Candidacy::Shared;
}

Candidacy LocationCatalog::candidacy(const clang::FieldDecl& field) const {
  if (field.isInvalidDecl() || field.isUnnamedBitField()) return Candidacy::NotShared;
  const clang::RecordDecl* record = field.getParent();
  if (record == nullptr || record->isInvalidDecl() || record->isLambda()) return Candidacy::NotShared;
  clang::QualType type = field.getType();
  if (type->isReferenceType() || is_sync_type(type) || holds_no_state(type)) return Candidacy::NotShared;
  if (positions_.in_system_header(field.getLocation()) || is_synchronisation_class(*record, context_))
    return Candidacy::NotShared;
  if (is_constant(context_, type) || is_thread_specific_storage(type)) return Candidacy::Flagged;
  return Candidacy::Shared;
}

Location LocationCatalog::describe(const clang::Decl& decl, clang::QualType type) const {
  Location location;
  location.decl = positions_.pos(decl.getLocation());
  location.type = type.getAsString(context_.getPrintingPolicy());
  location.is_atomic = is_internally_synchronised(type);
  location.is_synchronised = location.is_atomic && !is_atomic_type(type);
  location.is_const = is_constant(context_, type);
  location.is_thread_local = is_thread_specific_storage(type);
  location.declared_guard = declared_guard(decl);
  location.guards_pointee = decl.hasAttr<clang::PtGuardedByAttr>() && !decl.hasAttr<clang::GuardedByAttr>();
  if (const auto* declarator = llvm::dyn_cast<clang::DeclaratorDecl>(&decl))
    location.annotation_pos = positions_.pos(after_declarator_name(*declarator, context_));
  return location;
}

const std::string& LocationCatalog::add(const clang::VarDecl& declared) {
  const clang::VarDecl& var = pattern_of(declared);
  auto known = keys_.find(&var);
  if (known != keys_.end()) return known->second;
  Location location = describe(var, var.getType());
  location.is_const = location.is_const || var.isConstexpr();
  location.is_thread_local = location.is_thread_local || var.getTLSKind() != clang::VarDecl::TLS_None;
  if (var.isStaticLocal() || var.hasLocalStorage()) {
    location.kind = var.isStaticLocal() ? LocationKind::LocalStatic : LocationKind::Local;
    const auto* function = llvm::dyn_cast_or_null<clang::Decl>(var.getParentFunctionOrMethod());
    location.name = (function != nullptr ? qualified_name(*function) + "()::" : std::string()) + var.getNameAsString();
  } else {
    location.kind = var.isStaticDataMember() ? LocationKind::StaticMember : LocationKind::Global;
    location.name = qualified_name(var);
    if (const auto* record = llvm::dyn_cast<clang::RecordDecl>(var.getDeclContext())) location.owner_class = usr_key(*record);
  }
  location.key = usr_key(var);
  if (location.key.empty())
    location.key = "hawk:" + location.name + "@" + location.decl.file + ":" + std::to_string(location.decl.line);
  const std::string& key = keys_.emplace(&var, location.key).first->second;
  locations_.try_emplace(key, std::move(location));
  return key;
}

const std::string& LocationCatalog::add(const clang::FieldDecl& declared) {
  const clang::FieldDecl& field = pattern_of(declared);
  auto known = keys_.find(&field);
  if (known != keys_.end()) return known->second;
  // Describe the instantiated field: its type is concrete (std::atomic<int>, not T).
  Location location = describe(field, declared.getType());
  if (!location.declared_guard) {
    location.declared_guard = declared_guard(field);
    location.guards_pointee = field.hasAttr<clang::PtGuardedByAttr>() && !field.hasAttr<clang::GuardedByAttr>();
  }
  location.kind = LocationKind::Field;
  location.name = qualified_name(*field.getParent()) + "::" + field.getNameAsString();
  location.owner_class = usr_key(*field.getParent());
  location.key = usr_key(field);
  if (location.key.empty()) location.key = "hawk:" + location.name;
  const std::string& key = keys_.emplace(&field, location.key).first->second;
  locations_.try_emplace(key, std::move(location));
  return key;
}

std::pair<std::string, std::string> LocationCatalog::pointer_identity(const clang::ValueDecl& pointer) {
  auto identity = [this](const std::string& key) { return std::pair{key, locations_.at(key).name}; };
  if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(&pointer)) {
    if (candidacy(*field) != Candidacy::NotShared) return identity(add(*field));
    const clang::FieldDecl& pattern = pattern_of(*field);
    std::string name = qualified_name(*pattern.getParent()) + "::" + pattern.getNameAsString();
    std::string key = usr_key(pattern);
    return {key.empty() ? "hawk:" + name : key, name};
  }
  const auto& var = llvm::cast<clang::VarDecl>(pointer);
  if (candidacy(var) != Candidacy::NotShared) return identity(add(var));
  std::string name = qualified_name(pattern_of(var));
  std::string key = usr_key(var);
  return {key.empty() ? "hawk:" + name : key, name};
}

const std::string& LocationCatalog::add_pointee(const clang::ValueDecl& pointer, const clang::FieldDecl& declared) {
  auto known = pointee_keys_.find({&pointer, &declared});
  if (known != pointee_keys_.end()) return known->second;
  const clang::FieldDecl& field = pattern_of(declared);
  auto [pointer_key, pointer_name] = pointer_identity(pointer);
  Location location = describe(field, declared.getType());
  location.annotation_pos = {};  // the guard belongs on the pointer (PT_GUARDED_BY), not in the pointee's class
  location.kind = LocationKind::Field;
  location.name = pointer_name + "->" + field.getNameAsString();
  location.owner_class = usr_key(*field.getParent());
  location.key = pointer_key + "->" + field.getNameAsString();
  const std::string& key = pointee_keys_.emplace(std::pair{&pointer, &declared}, location.key).first->second;
  locations_.try_emplace(key, std::move(location));
  return key;
}

const std::string& LocationCatalog::add_scalar_pointee(const clang::ValueDecl& pointer) {
  auto known = pointee_keys_.find({&pointer, nullptr});
  if (known != pointee_keys_.end()) return known->second;
  auto [pointer_key, pointer_name] = pointer_identity(pointer);
  const clang::QualType pointee = pointer.getType()->getPointeeType();
  Location location = describe(pointer, pointee);
  location.annotation_pos = {};  // a guard for it goes on the pointer (PT_GUARDED_BY)
  location.declared_guard.reset();
  location.guards_pointee = false;
  location.kind = LocationKind::Field;
  location.name = pointer_name + "->*";
  if (const auto* field = llvm::dyn_cast<clang::FieldDecl>(&pointer)) location.owner_class = usr_key(*field->getParent());
  location.key = pointer_key + "->*";
  const std::string& key = pointee_keys_.emplace(std::pair{&pointer, nullptr}, location.key).first->second;
  locations_.try_emplace(key, std::move(location));
  return key;
}

const std::string& LocationCatalog::add_library_state(const std::string& state, const SourcePos& where) {
  Location location;
  location.key = "libstate:" + state;
  location.name = state;
  location.kind = LocationKind::LibraryState;
  location.decl = where;
  location.type = "library state";
  return locations_.try_emplace(location.key, location).first->first;
}

std::vector<Location> LocationCatalog::locations() const {
  std::vector<Location> all;
  all.reserve(locations_.size());
  for (const auto& [key, location] : locations_) all.push_back(location);
  return all;
}

}  // namespace hawk::audit
