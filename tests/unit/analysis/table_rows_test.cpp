// Every row of the knowledge tables, end to end: for each row a tiny driver is written to a
// temporary folder, analysed with run_analysis exactly as `pagewise check` would, and the row's
// effect is checked on the result.
//
// - CallbackRole: a PAGE function declared with the role (`ROLE Fn;`) gets resident/irql as an
//   error when the role certainly runs at >= DISPATCH_LEVEL, as a warning when only its contract
//   allows it, and nothing when the role runs below DISPATCH_LEVEL.
// - ArgRegistration: `Api(a0, ..., Fn, ...)` with Fn at the row's argument registers Fn with the
//   row's role (Model::at(id).roles); with Fn in PAGE, resident/irql follows the role's IRQL and
//   certainty. The DMA_OPERATIONS rows are also called the way drivers call them, through
//   `Adapter->DmaOperations->`.
// - FieldRegistration: `cfg.Field = Fn;` registers Fn with the row's role, and the same in PAGE.
// - LockApi: each acquire or raise to >= DISPATCH_LEVEL called in a PAGE function gives
//   resident/spin-lock on its line; mutexes and ExInterlocked* give none.
// - WaitApi: Wait = TRUE in a PAGE function gives resident/wait-true (error); FALSE gives nothing.
// - DispatcherWaitApi: a KeWaitXxx call ends the DISPATCH_LEVEL window of a Wait = TRUE call, so a
//   PAGE helper called after it is not reported.
//
// A failing row names itself in the failure message. Rows that cannot be tested this way are
// excluded by name, each with its reason, next to the test that skips them.

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "analysed_driver.hpp"
#include "knowledge/apis.hpp"
#include "knowledge/roles.hpp"

namespace pagewise {
namespace {

using testing::Driver;

// `a0, a1, TARGET, a3` with `target` at `index`, `count` arguments in all.
std::string argument_list(int count, int index, const std::string& target) {
  std::string out;
  for (int i = 0; i < count; ++i) {
    if (i) out += ", ";
    out += i == index ? target : "Arg" + std::to_string(i);
  }
  return out;
}

// --- CallbackRole ------------------------------------------------------------------------------

std::string paged_role_driver(std::string_view role) {
  std::string r(role);
  return "#include <ntddk.h>\n"
         "\n" +
         r +
         " PwCallback;\n"
         "\n"
         "#pragma alloc_text(PAGE, PwCallback)\n"
         "\n"
         "VOID\n"
         "PwCallback(\n"  // line 8: the name of the definition
         "    PVOID Context\n"
         "    )\n"
         "{\n"
         "    UNREFERENCED_PARAMETER(Context);\n"
         "\n"
         "    PAGED_CODE();\n"
         "}\n";
}
constexpr uint32_t kCallbackNameLine = 8;

// Roles whose IRQL pagewise deliberately does not claim from a declaration alone: object cleanup
// and destroy callbacks run at PASSIVE_LEVEL for most objects (devices, drivers, queues, timers,
// ...) and at DISPATCH_LEVEL only for some, so without the registration that names the object
// pagewise makes no claim (settle_governed in analysis/roles.cpp; docs/rules/resident-irql.md).
const std::set<std::string_view> kRolesWithoutDeclarationClaim = {
    "EVT_WDF_OBJECT_CONTEXT_CLEANUP",
    "EVT_WDF_OBJECT_CONTEXT_DESTROY",
    "EVT_WDF_DEVICE_CONTEXT_CLEANUP",
    "EVT_WDF_DEVICE_CONTEXT_DESTROY",
    "EVT_WDF_IO_QUEUE_CONTEXT_CLEANUP_CALLBACK",
    "EVT_WDF_IO_QUEUE_CONTEXT_DESTROY_CALLBACK",
    "EVT_WDF_FILE_CONTEXT_CLEANUP_CALLBACK",
    "EVT_WDF_FILE_CONTEXT_DESTROY_CALLBACK",
};

TEST(TableRows, CertainDispatchRolesInPageAreErrors) {
  int checked = 0;
  for (const CallbackRole& role : callback_roles()) {
    if (role.irql < Irql::Dispatch || !role.certain) continue;
    ++checked;
    Driver d(paged_role_driver(role.name));
    auto found = d.findings("resident/irql");
    ASSERT_FALSE(d.analysis().models.empty()) << role.name;
    bool ok = found.size() == 1 && found[0]->severity == Severity::Error &&
              found[0]->pos.line == kCallbackNameLine && found[0]->function == "PwCallback";
    EXPECT_TRUE(ok) << "role " << role.name << " (" << irql_name(role.irql)
                    << ", certain): expected one resident/irql error on PwCallback, got"
                    << d.dump();
  }
  EXPECT_GT(checked, 10);
}

TEST(TableRows, ContractDispatchRolesInPageAreWarnings) {
  int checked = 0;
  for (const CallbackRole& role : callback_roles()) {
    if (role.irql < Irql::Dispatch || role.certain) continue;
    if (kRolesWithoutDeclarationClaim.count(role.name)) continue;
    ++checked;
    Driver d(paged_role_driver(role.name));
    auto found = d.findings("resident/irql");
    bool ok = found.size() == 1 && found[0]->severity == Severity::Warning &&
              found[0]->pos.line == kCallbackNameLine && found[0]->function == "PwCallback";
    EXPECT_TRUE(ok) << "role " << role.name << " (" << irql_name(role.irql)
                    << ", contract): expected one resident/irql warning on PwCallback, got"
                    << d.dump();
  }
  EXPECT_GT(checked, 10);
}

TEST(TableRows, CleanupRolesDeclaredOnlyAreNotClaimed) {
  for (std::string_view name : kRolesWithoutDeclarationClaim) {
    ASSERT_NE(find_role(name), nullptr) << name << " is excluded above but is no row of the table";
    Driver d(paged_role_driver(name));
    EXPECT_TRUE(d.findings("resident/irql").empty()) << "role " << name << d.dump();
  }
}

TEST(TableRows, RolesBelowDispatchInPageAreFine) {
  int checked = 0;
  for (const CallbackRole& role : callback_roles()) {
    if (role.irql >= Irql::Dispatch) continue;
    ++checked;
    Driver d(paged_role_driver(role.name));
    ASSERT_FALSE(d.analysis().models.empty()) << role.name;
    EXPECT_TRUE(d.findings("resident/irql").empty())
        << "role " << role.name << " (" << irql_name(role.irql)
        << "): expected no resident/irql, got" << d.dump();
    // The declaration must still have given the role: otherwise the check above proves nothing.
    EXPECT_TRUE(d.roles_of("PwCallback").count(role.name))
        << "role " << role.name << " was not bound by its declaration";
  }
  EXPECT_GT(checked, 10);
}

// --- ArgRegistration ---------------------------------------------------------------------------

// The registered function: resident, or in PAGE with its PAGED_CODE().
std::string target_definition(bool paged) {
  return std::string(paged ? "\n#pragma alloc_text(PAGE, PwTarget)\n" : "") +
         "\n"
         "VOID\n"
         "PwTarget(\n"
         "    PVOID Context\n"
         "    )\n"
         "{\n"
         "    UNREFERENCED_PARAMETER(Context);\n" +
         (paged ? "\n    PAGED_CODE();\n" : "") + "}\n";
}

// What resident/irql must say about a PAGE function registered with `role_name` through a
// registration whose object configuration pagewise cannot see (no ExecutionLevel anywhere).
void expect_paged_registration(const Driver& d, std::string_view role_name,
                               const std::string& what) {
  const CallbackRole* role = find_role(role_name);
  ASSERT_NE(role, nullptr) << what;
  auto found = d.findings("resident/irql");
  if (role->irql < Irql::Dispatch) {
    EXPECT_TRUE(found.empty()) << what << " (" << role_name << ", " << irql_name(role->irql)
                               << "): expected no resident/irql" << d.dump();
    return;
  }
  Severity want = role->certain ? Severity::Error : Severity::Warning;
  bool ok = found.size() == 1 && found[0]->severity == want && found[0]->function == "PwTarget";
  EXPECT_TRUE(ok) << what << " (" << role_name << ", " << irql_name(role->irql)
                  << "): expected one resident/irql " << severity_name(want) << " on PwTarget, got"
                  << d.dump();
}

std::string arg_registration_driver(const ArgRegistration& reg, bool paged = false) {
  std::string call =
      std::string(reg.api) + "(" + argument_list(reg.arg + 2, reg.arg, "PwTarget") + ");";
  return "#include <ntddk.h>\n"
         "\n"
         "VOID PwTarget(PVOID Context);\n" +
         target_definition(paged) +
         "\n"
         "NTSTATUS\n"
         "PwRegister(\n"
         "    PVOID Arg0, PVOID Arg1, PVOID Arg2, PVOID Arg3, PVOID Arg4, PVOID Arg5, PVOID Arg6, "
         "PVOID Arg7\n"
         "    )\n"
         "{\n"
         "    " +
         call +
         "\n"
         "    return STATUS_SUCCESS;\n"
         "}\n";
}

TEST(TableRows, ArgRegistrationsRegisterTheirRole) {
  int checked = 0;
  for (const ArgRegistration* reg = arg_registrations_begin(); reg != arg_registrations_end();
       ++reg) {
    ++checked;
    ASSERT_NE(find_role(reg->role), nullptr) << reg->api << " registers unknown role " << reg->role;
    Driver d(arg_registration_driver(*reg));
    ASSERT_TRUE(d.has_function("PwTarget")) << reg->api;
    std::set<std::string> roles = d.roles_of("PwTarget");
    EXPECT_TRUE(roles.count(reg->role))
        << reg->api << " arg " << reg->arg << ": PwTarget did not get role " << reg->role;
  }
  EXPECT_GT(checked, 20);
}

// The same registrations with PwTarget in PAGE: the role's IRQL decides the finding.
TEST(TableRows, ArgRegisteredPagedFunctionsAreReportedByTheirRole) {
  for (const ArgRegistration* reg = arg_registrations_begin(); reg != arg_registrations_end();
       ++reg) {
    Driver d(arg_registration_driver(*reg, true));
    expect_paged_registration(d, reg->role,
                              std::string(reg->api) + " arg " + std::to_string(reg->arg));
  }
}

// How drivers really call the two DMA_OPERATIONS rows: through the adapter's function table,
// never as free functions. The row must match that call too.
TEST(TableRows, DmaOperationRowsMatchCallsThroughTheAdapter) {
  for (const ArgRegistration* reg = arg_registrations_begin(); reg != arg_registrations_end();
       ++reg) {
    std::string_view api = reg->api;
    if (api != "GetScatterGatherList" && api != "AllocateAdapterChannel") continue;
    std::string source = arg_registration_driver(*reg);
    std::string direct = std::string(api) + "(";
    source.replace(source.find(direct), direct.size(), "Adapter->DmaOperations->" + direct);
    source.replace(source.find("PVOID Arg0,"), 11, "PDMA_ADAPTER Adapter, PVOID Arg0,");
    Driver d(source);
    EXPECT_TRUE(d.roles_of("PwTarget").count(reg->role))
        << "Adapter->DmaOperations->" << api << "(...) arg " << reg->arg
        << ": PwTarget did not get role " << reg->role;
  }
}

// --- FieldRegistration -------------------------------------------------------------------------

std::string field_registration_driver(const FieldRegistration& reg, bool paged = false) {
  const CallbackRole* role = find_role(reg.role);
  std::string field = reg.field;
  std::string body;
  if (field == "MajorFunction") {
    // The dispatch table is an array: a registration always names an IRP major code.
    body = "    DriverObject->MajorFunction[IRP_MJ_CREATE] = PwTarget;\n";
  } else {
    body = "    cfg.";
    body += field;
    body += " = PwTarget;\n";
  }
  if (role && role->governor == Governor::Object) {
    // Cleanup/destroy callbacks are claimed only for an object pagewise can see the attributes
    // given to (analysis/roles.cpp): hand them to WdfObjectCreate.
    body += "    WdfObjectCreate(&cfg, &object);\n";
  }
  return "#include <ntddk.h>\n"
         "#include <wdf.h>\n"
         "\n"
         "VOID PwTarget(PVOID Context);\n" +
         target_definition(paged) +
         "\n"
         "VOID\n"
         "PwRegister(\n"
         "    PDRIVER_OBJECT DriverObject\n"
         "    )\n"
         "{\n"
         "    PW_CONFIG cfg;\n"
         "    WDFOBJECT object;\n"
         "\n"
         "    UNREFERENCED_PARAMETER(DriverObject);\n" +
         body + "}\n";
}

TEST(TableRows, FieldRegistrationsRegisterTheirRole) {
  int checked = 0;
  for (const FieldRegistration& reg : field_registrations()) {
    ++checked;
    ASSERT_NE(find_role(reg.role), nullptr) << reg.field << " registers unknown role " << reg.role;
    Driver d(field_registration_driver(reg));
    ASSERT_TRUE(d.has_function("PwTarget")) << reg.field;
    EXPECT_TRUE(d.roles_of("PwTarget").count(reg.role))
        << "cfg." << reg.field << " = PwTarget: PwTarget did not get role " << reg.role;
  }
  EXPECT_GT(checked, 20);
}

TEST(TableRows, FieldRegisteredPagedFunctionsAreReportedByTheirRole) {
  for (const FieldRegistration& reg : field_registrations()) {
    Driver d(field_registration_driver(reg, true));
    expect_paged_registration(d, reg.role, "cfg." + std::string(reg.field) + " = PwTarget");
  }
}

// --- LockApi -----------------------------------------------------------------------------------

// A PAGE function that makes one call to `api` on line kLockCallLine.
std::string paged_call_driver(const std::string& call) {
  return "#include <ntddk.h>\n"
         "\n"
         "KSPIN_LOCK g_Lock;\n"
         "\n"
         "VOID PwPaged(PVOID Arg0, PVOID Arg1, PVOID Arg2, PVOID Arg3);\n"
         "\n"
         "#pragma alloc_text(PAGE, PwPaged)\n"
         "\n"
         "VOID\n"
         "PwPaged(\n"
         "    PVOID Arg0, PVOID Arg1, PVOID Arg2, PVOID Arg3\n"
         "    )\n"
         "{\n"
         "    PAGED_CODE();\n"
         "\n"
         "    " +
         call +  // line 16
         "\n"
         "}\n";
}
constexpr uint32_t kCallLine = 16;

std::string lock_call(const LockApi& api) {
  int count = std::max({api.lock_arg, api.level_arg, api.routine_arg}) + 2;
  std::string out = std::string(api.name) + "(";
  for (int i = 0; i < count; ++i) {
    if (i) out += ", ";
    if (i == api.lock_arg)
      out += "&g_Lock";
    else if (i == api.level_arg)
      out += "DISPATCH_LEVEL";
    else
      out += "Arg" + std::to_string(i);
  }
  return out + ");";
}

bool acquires_at_dispatch(const LockApi& api) {
  using E = LockApi::Effect;
  return (api.effect == E::AcquireSpinLock || api.effect == E::AcquireObjectLock ||
          api.effect == E::Raise) &&
         api.level >= Irql::Dispatch;
}

TEST(TableRows, LockAcquiresInPageAreSpinLockFindings) {
  int checked = 0;
  for (const LockApi& api : lock_apis()) {
    if (!acquires_at_dispatch(api)) continue;
    ++checked;
    std::string call = lock_call(api);
    Driver d(paged_call_driver(call));
    auto found = d.findings("resident/spin-lock");
    bool ok = found.size() == 1 && found[0]->pos.line == kCallLine &&
              found[0]->severity == Severity::Error;
    EXPECT_TRUE(ok) << api.name << ": `" << call
                    << "` in a PAGE function: expected one resident/spin-lock on line " << kCallLine
                    << ", got" << d.dump();
  }
  EXPECT_GT(checked, 20);
}

// Raising to APC_LEVEL, mutexes, releases and routines that take their spin lock only inside
// the call leave the paged caller pageable.
TEST(TableRows, OtherLockRowsInPageAreFine) {
  for (const LockApi& api : lock_apis()) {
    if (acquires_at_dispatch(api)) continue;
    // A synchronized call runs a routine of the unit: with Arg1 (no such function) it does nothing.
    std::string call = lock_call(api);
    Driver d(paged_call_driver(call));
    EXPECT_TRUE(d.findings("resident/spin-lock").empty())
        << api.name << ": `" << call
        << "` in a PAGE function should not be a spin-lock finding:" << d.dump();
  }
  // KeRaiseIrql to APC_LEVEL: a raise that still allows paging.
  Driver apc(paged_call_driver("KeRaiseIrql(APC_LEVEL, &Arg1);"));
  EXPECT_TRUE(apc.findings("resident/spin-lock").empty()) << apc.dump();
}

// --- WaitApi -----------------------------------------------------------------------------------

std::string wait_call(const WaitApi& api, const std::string& wait) {
  return std::string(api.name) + "(" + argument_list(api.wait_arg + 1, api.wait_arg, wait) + ");";
}

TEST(TableRows, WaitTrueInPageIsAnError) {
  for (const WaitApi& api : wait_apis()) {
    std::string call = wait_call(api, "TRUE");
    Driver d(paged_call_driver(call));
    auto found = d.findings("resident/wait-true");
    bool ok = found.size() == 1 && found[0]->pos.line == kCallLine &&
              found[0]->severity == Severity::Error;
    EXPECT_TRUE(ok) << api.name << ": `" << call
                    << "` in a PAGE function: expected one resident/wait-true error, got"
                    << d.dump();
  }
}

TEST(TableRows, WaitFalseInPageIsFine) {
  for (const WaitApi& api : wait_apis()) {
    for (const char* wait : {"FALSE", "0"}) {
      std::string call = wait_call(api, wait);
      Driver d(paged_call_driver(call));
      EXPECT_TRUE(d.findings("resident/wait-true").empty())
          << api.name << ": `" << call << "`" << d.dump();
    }
  }
}

// --- DispatcherWaitApi -------------------------------------------------------------------------

// A resident function that opens a Wait = TRUE window and then calls a PAGE helper, with `wait`
// (a KeWaitXxx call, or nothing) in between.
std::string wait_window_driver(const std::string& wait) {
  return "#include <ntddk.h>\n"
         "\n"
         "VOID PwHelper(PVOID Context);\n"
         "\n"
         "#pragma alloc_text(PAGE, PwHelper)\n"
         "\n"
         "VOID\n"
         "PwHelper(\n"
         "    PVOID Context\n"
         "    )\n"
         "{\n"
         "    UNREFERENCED_PARAMETER(Context);\n"
         "\n"
         "    PAGED_CODE();\n"
         "}\n"
         "\n"
         "VOID\n"
         "PwSignal(\n"
         "    PKEVENT Event, PVOID Arg1, PVOID Arg2, PVOID Arg3, PVOID Arg4\n"
         "    )\n"
         "{\n"
         "    KeSetEvent(Event, IO_NO_INCREMENT, TRUE);\n"
         "    " +
         wait +
         "\n"
         "    PwHelper(Event);\n"
         "}\n";
}

TEST(TableRows, DispatcherWaitsEndTheWaitTrueWindow) {
  // Without a wait, the helper is called at DISPATCH_LEVEL: the test can see the window.
  Driver open(wait_window_driver(""));
  EXPECT_EQ(open.findings("resident/irql").size(), 1u) << open.dump();
  for (const DispatcherWaitApi& api : dispatcher_wait_apis()) {
    std::string call = std::string(api.name) + "(Event, Arg1, Arg2, Arg3, Arg4);";
    Driver d(wait_window_driver(call));
    EXPECT_TRUE(d.findings("resident/irql").empty())
        << api.name << ": the helper called after `" << call
        << "` still runs in the Wait = TRUE window" << d.dump();
  }
}

}  // namespace
}  // namespace pagewise
