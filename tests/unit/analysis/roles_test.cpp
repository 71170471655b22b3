// Role binding (analysis/roles.cpp) on small drivers: which bindings a registration makes, and
// that a registration that makes none leaves the function's other bindings alone.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "analysed_driver.hpp"

namespace pagewise {
namespace {

using testing::Driver;

// Attributes whose EvtCleanupCallback is set but that no create call is given: the object, and
// so the callback's IRQL, is unknown, and no binding is made. The code used to go on to edit
// `roles.back()` of the function: out of bounds here, another binding elsewhere.
TEST(RoleBinding, CleanupOnAttributesNoObjectIsGivenBindsNothing) {
  Driver d(
      "#include <ntddk.h>\n"
      "#include <wdf.h>\n"
      "VOID UnusedCleanup(WDFOBJECT Object) { UNREFERENCED_PARAMETER(Object); }\n"
      "NTSTATUS AddDevice(WDFDRIVER Driver, PWDFDEVICE_INIT DeviceInit)\n"
      "{\n"
      "    WDF_OBJECT_ATTRIBUTES attributes;\n"
      "    WDFDEVICE device;\n"
      "    WDF_OBJECT_ATTRIBUTES_INIT(&attributes);\n"
      "    attributes.EvtCleanupCallback = UnusedCleanup;\n"
      "    return WdfDeviceCreate(&DeviceInit, WDF_NO_OBJECT_ATTRIBUTES, &device);\n"
      "}\n");
  ASSERT_TRUE(d.has_function("UnusedCleanup"));
  EXPECT_TRUE(d.bindings_of("UnusedCleanup").empty()) << d.dump();
}

// `MajorFunction[A] = MajorFunction[B] = Fn;` registers Fn for both majors on one line. The second
// registration used to be dropped as a duplicate of the first and then to overwrite the first
// binding's major with its own.
TEST(RoleBinding, ChainedMajorFunctionAssignmentBindsEachMajor) {
  Driver d(
      "#include <ntddk.h>\n"
      "NTSTATUS CreateRead(PDEVICE_OBJECT DeviceObject, PIRP Irp)\n"
      "{\n"
      "    IoCompleteRequest(Irp, IO_NO_INCREMENT);\n"
      "    return STATUS_SUCCESS;\n"
      "}\n"
      "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
      "{\n"
      "    DriverObject->MajorFunction[IRP_MJ_CREATE] = DriverObject->MajorFunction[IRP_MJ_READ] "
      "= CreateRead;\n"
      "    return STATUS_SUCCESS;\n"
      "}\n");
  std::set<std::string> majors;
  for (const RoleBinding& b : d.bindings_of("CreateRead")) {
    EXPECT_EQ(b.role, "DRIVER_DISPATCH");
    EXPECT_EQ(b.note, b.irp_major) << "a binding's major and its note disagree";
    majors.insert(b.irp_major);
  }
  EXPECT_EQ(majors, (std::set<std::string>{"IRP_MJ_CREATE", "IRP_MJ_READ"}));
}

// The catch-all loop registers the routine for every major of wdm.h (an alias once, by its
// primary name) but those a later assignment gives to another routine.
TEST(RoleBinding, CatchAllDispatchLoopBindsEveryMajorNotReplaced) {
  Driver d(
      "#include <ntddk.h>\n"
      "NTSTATUS PassThrough(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }\n"
      "NTSTATUS Create(PDEVICE_OBJECT DeviceObject, PIRP Irp) { return STATUS_SUCCESS; }\n"
      "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath)\n"
      "{\n"
      "    ULONG i;\n"
      "    for (i = 0; i <= IRP_MJ_MAXIMUM_FUNCTION; i++)\n"
      "        DriverObject->MajorFunction[i] = PassThrough;\n"
      "    DriverObject->MajorFunction[IRP_MJ_CREATE] = Create;\n"
      "    return STATUS_SUCCESS;\n"
      "}\n");
  std::set<std::string> majors;
  for (const RoleBinding& b : d.bindings_of("PassThrough")) {
    majors.insert(b.irp_major);
    EXPECT_EQ(b.note, b.irp_major);
    // Internal device controls may be sent at DISPATCH_LEVEL: a contract, not a certainty.
    bool internal = b.irp_major == "IRP_MJ_INTERNAL_DEVICE_CONTROL";
    EXPECT_EQ(b.irql, internal ? Irql::Dispatch : Irql::Passive) << b.irp_major;
    EXPECT_EQ(b.certain, !internal) << b.irp_major;
  }
  EXPECT_EQ(majors.size(), 27u);  // IRP_MJ_CREATE .. IRP_MJ_PNP, less IRP_MJ_CREATE
  EXPECT_FALSE(majors.count("IRP_MJ_CREATE"));
  EXPECT_TRUE(majors.count("IRP_MJ_POWER"));
  EXPECT_FALSE(majors.count("IRP_MJ_SCSI")) << "an alias is bound by its primary name";
  ASSERT_EQ(d.bindings_of("Create").size(), 1u);
  EXPECT_EQ(d.bindings_of("Create")[0].irp_major, "IRP_MJ_CREATE");
}

}  // namespace
}  // namespace pagewise
