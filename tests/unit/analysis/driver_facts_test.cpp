// Facts analysis computes for the init, entire-driver and locked-section rules, on small drivers:
// the rules only filter and word these, so what they say rests on them.
#include <gtest/gtest.h>

#include <string>

#include "analysed_driver.hpp"

namespace pagewise {
namespace {

using testing::Driver;

const Model& only_model(const Driver& d) {
  EXPECT_EQ(d.analysis().models.size(), 1u);
  return d.analysis().models.front();
}

// The address of INIT data stored in a global by RtlInitUnicodeString, and the same data read by
// the unload routine, which runs after initialization.
TEST(DriverFacts, InitDataStoredAndReadLater) {
  Driver d(
      "#include <ntddk.h>\n"
      "#pragma const_seg(\"INIT\")\n"
      "const WCHAR LinkName[] = L\"\\\\DosDevices\\\\Mon\";\n"
      "#pragma const_seg()\n"
      "UNICODE_STRING g_Link;\n"
      "VOID Unload(PDRIVER_OBJECT DriverObject) {\n"
      "    UNREFERENCED_PARAMETER(DriverObject);\n"
      "    KdPrint((\"%ws\", LinkName));\n"
      "}\n"
      "NTSTATUS DriverEntry(PDRIVER_OBJECT DriverObject, PUNICODE_STRING RegistryPath) {\n"
      "    UNREFERENCED_PARAMETER(RegistryPath);\n"
      "    RtlInitUnicodeString(&g_Link, LinkName);\n"
      "    DriverObject->DriverUnload = Unload;\n"
      "    return STATUS_SUCCESS;\n"
      "}\n");
  const Model& m = only_model(d);
  ASSERT_EQ(m.init_data_kept.size(), 2u) << d.dump();
  const InitDataKept& read = m.init_data_kept[0];  // Unload comes first in the file
  EXPECT_EQ(read.how, InitDataKept::How::ReadLater);
  EXPECT_EQ(m.program.function(read.function).name, "Unload");
  EXPECT_EQ(read.pos.line, 8u);
  const InitDataKept& stored = m.init_data_kept[1];
  EXPECT_EQ(stored.how, InitDataKept::How::AddressStored);
  EXPECT_EQ(m.program.data(stored.data).name, "LinkName");
  EXPECT_EQ(stored.holder, "g_Link");
  EXPECT_EQ(stored.through, "RtlInitUnicodeString");
  EXPECT_EQ(stored.pos.line, 12u);
}

// MmResetDriverPaging in the caller before it calls the connecting function; a plain `++` of the
// count the paging call tests, with no lock.
TEST(DriverFacts, EntireDriverPagingResetInCallerAndUnlockedCount) {
  Driver d(
      "#include <ntddk.h>\n"
      "LONG g_OpenCount;\n"
      "PKINTERRUPT g_Interrupt;\n"
      "BOOLEAN Isr(PKINTERRUPT Interrupt, PVOID Context) { return TRUE; }\n"
      "NTSTATUS Connect(void) {\n"
      "    return IoConnectInterrupt(&g_Interrupt, Isr, NULL, NULL, 0, 0, 0, Latched, FALSE, 0, "
      "FALSE);\n"
      "}\n"
      "NTSTATUS Create(PDEVICE_OBJECT DeviceObject, PIRP Irp) {\n"
      "    g_OpenCount++;\n"
      "    MmResetDriverPaging((PVOID)Isr);\n"
      "    return Connect();\n"
      "}\n"
      "NTSTATUS Close(PDEVICE_OBJECT DeviceObject, PIRP Irp) {\n"
      "    IoDisconnectInterrupt(g_Interrupt);\n"
      "    if (InterlockedDecrement(&g_OpenCount) == 0) {\n"
      "        MmPageEntireDriver((PVOID)Isr);\n"
      "    }\n"
      "    return STATUS_SUCCESS;\n"
      "}\n");
  const EntireDriverPaging& paging = only_model(d).entire_driver;
  ASSERT_EQ(paging.pages.size(), 1u) << d.dump();
  EXPECT_TRUE(paging.pages[0].disconnects_first);
  EXPECT_FALSE(paging.pages[0].connects_first);
  EXPECT_TRUE(paging.pages[0].open_count_checked);
  ASSERT_EQ(paging.connects.size(), 1u);
  EXPECT_EQ(paging.connects[0].api, "IoConnectInterrupt");
  EXPECT_TRUE(paging.connects[0].reset_first);
  EXPECT_TRUE(paging.framework_interrupts.empty());
  ASSERT_EQ(paging.unsynchronized_count_updates.size(), 1u);
  EXPECT_EQ(paging.unsynchronized_count_updates[0].count, "g_OpenCount");
  EXPECT_EQ(paging.unsynchronized_count_updates[0].op, "++");
  EXPECT_EQ(paging.unsynchronized_count_updates[0].pos.line, 9u);
}

// Failure statuses: the assigned ones first, then those handed to a call (its first failure
// argument); STATUS_SUCCESS and STATUS_PENDING are none. A lock names what its address names.
TEST(DriverFacts, FailureStatusesAndWhatALockNames) {
  Driver d(
      "#include <ntddk.h>\n"
      "#pragma alloc_text(PAGE, Tune)\n"
      "VOID Tune(void) { PAGED_CODE(); }\n"
      "VOID Mute(void) { }\n"
      "NTSTATUS Complete(PIRP Irp, NTSTATUS Status) { return Status; }\n"
      "NTSTATUS Create(PDEVICE_OBJECT DeviceObject, PIRP Irp) {\n"
      "    NTSTATUS status = STATUS_SUCCESS;\n"
      "    PVOID a = MmLockPagableCodeSection((PVOID)Tune);\n"
      "    PVOID b = MmLockPagableCodeSection((PVOID)Mute);\n"
      "    if (Irp == NULL) return Complete(Irp, STATUS_PENDING, STATUS_NOT_FOUND);\n"
      "    status = STATUS_DEVICE_NOT_READY;\n"
      "    return status;\n"
      "}\n");
  const Model& m = only_model(d);
  const Program& p = m.program;
  const auto& create = p.by_name.at("Create");
  ASSERT_EQ(create.size(), 1u);
  const auto& failures = m.at(create[0]).failures;
  ASSERT_EQ(failures.size(), 2u) << d.dump();
  EXPECT_FALSE(failures[0].passed);
  EXPECT_EQ(failures[0].target, "status");
  EXPECT_EQ(failures[0].status, "STATUS_DEVICE_NOT_READY");
  EXPECT_EQ(failures[0].pos.line, 11u);
  EXPECT_TRUE(failures[1].passed);
  EXPECT_EQ(failures[1].target, "Complete");
  EXPECT_EQ(failures[1].status, "STATUS_NOT_FOUND");
  EXPECT_EQ(failures[1].pos.line, 10u);

  ASSERT_EQ(m.section_locks.size(), 2u);
  EXPECT_TRUE(m.section_locks[0].names_function);
  EXPECT_EQ(p.function(m.section_locks[0].function).name, "Tune");
  EXPECT_EQ(m.section_locks[0].cls, SectionClass::Pageable);
  EXPECT_EQ(p.function(m.section_locks[1].function).name, "Mute");
  EXPECT_EQ(m.section_locks[1].cls, SectionClass::Resident);
  EXPECT_EQ(m.section_locks[1].section, ".text");
}

}  // namespace
}  // namespace pagewise
