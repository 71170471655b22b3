// KMDF driver files: DriverEntry, device creation with its PnP/power callbacks, I/O queues and
// the interrupt.
#include "gen/files.hpp"
#include "gen/function.hpp"

namespace pwgen {

OutFile kmdf_driver_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string cleanup = d.prefix + "EvtDriverContextCleanup";
  Code c;
  if (p == Placement::CodeSegRegion) c.flush_left("#pragma code_seg(\"INIT\")"), c.blank();
  Role entry = role(
      "DRIVER_INITIALIZE", "", "NTSTATUS", "DriverEntry",
      {{"_In_", "PDRIVER_OBJECT", "DriverObject"}, {"_In_", "PUNICODE_STRING", "RegistryPath"}});
  Body b = make_body(d, rng, "devExt", "RegistryPath->Length", false, false);
  b.ret = Shape::Status;
  emit_role(c, d, rng, entry, p, false, "INIT",
            {"NTSTATUS status;", "WDF_DRIVER_CONFIG config;", "WDF_OBJECT_ATTRIBUTES attributes;"},
            b, [&](Code& in, Body& bb) {
              if (d.wpp) in.line("WPP_INIT_TRACING(DriverObject, RegistryPath);");
              in.line("WDF_OBJECT_ATTRIBUTES_INIT(&attributes);");
              in.line(cat("attributes.EvtCleanupCallback = ", cleanup, ";"));
              in.blank();
              in.line(cat("WDF_DRIVER_CONFIG_INIT(&config, ", d.prefix, "EvtDeviceAdd);"));
              in.line(cat("config.DriverPoolTag = ", d.pool_tag, ";"));
              in.blank();
              in.line(
                  "status = WdfDriverCreate(DriverObject, RegistryPath, &attributes, &config, "
                  "WDF_NO_HANDLE);");
              open_block(in, bb, "if (!NT_SUCCESS(status))");
              if (d.wpp) in.line("WPP_CLEANUP(DriverObject);");
              in.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_ERROR_LEVEL, \"", d.title,
                          ": WdfDriverCreate 0x%08X\\n\", status));"));
              close_block(in);
            });
  if (p == Placement::CodeSegRegion) c.flush_left("#pragma code_seg()"), c.blank();
  SectionRuns runs(c, p);
  runs.enter(true);
  Role cl = role("EVT_WDF_OBJECT_CONTEXT_CLEANUP", "", "VOID", cleanup,
                 {{"_In_", "WDFOBJECT", "DriverObject"}});
  Body cb = make_body(d, rng, "devExt", "0", true, false);
  emit_role(c, d, rng, cl, p, true, "PAGE", {}, cb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DriverObject);");
    if (d.wpp) in.line("WPP_CLEANUP(WdfDriverWdmGetDriverObject((WDFDRIVER)DriverObject));");
  });
  runs.finish();
  std::string name = "driver" + d.ext;
  Code file = file_prologue(
      d, name, "DriverEntry and driver-wide callbacks.", p,
      p == Placement::AllocText ? std::vector<std::string>{cleanup} : std::vector<std::string>{},
      p == Placement::AllocText ? std::vector<std::string>{"DriverEntry"}
                                : std::vector<std::string>{});
  file.append(c);
  return {name, file.text()};
}

OutFile kmdf_device_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string add = d.prefix + "EvtDeviceAdd", prep = d.prefix + "EvtDevicePrepareHardware",
              rel = d.prefix + "EvtDeviceReleaseHardware", d0in = d.prefix + "EvtDeviceD0Entry",
              d0out = d.prefix + "EvtDeviceD0Exit";
  std::vector<std::string> paged = {add, prep, rel, d0out};
  Code c;
  SectionRuns runs(c, p);
  runs.enter(true);

  Role ad = role("EVT_WDF_DRIVER_DEVICE_ADD", "", "NTSTATUS", add,
                 {{"_In_", "WDFDRIVER", "Driver"}, {"_Inout_", "PWDFDEVICE_INIT", "DeviceInit"}});
  Body b = make_body(d, rng, "devExt", "index", true, false);
  b.ret = Shape::Status;
  b.bail = Bail::Return;
  b.uses_index = true;
  emit_role(
      c, d, rng, ad, p, true, "PAGE",
      {"NTSTATUS status;", "WDF_PNPPOWER_EVENT_CALLBACKS pnpPowerCallbacks;",
       "WDF_OBJECT_ATTRIBUTES attributes;", "WDFDEVICE device;", cat(d.ctx_ptr, " devExt;")},
      b, [&](Code& in, Body& bb) {
        in.line("UNREFERENCED_PARAMETER(Driver);");
        in.blank();
        in.line("WDF_PNPPOWER_EVENT_CALLBACKS_INIT(&pnpPowerCallbacks);");
        in.line(cat("pnpPowerCallbacks.EvtDevicePrepareHardware = ", prep, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceReleaseHardware = ", rel, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceD0Entry = ", d0in, ";"));
        in.line(cat("pnpPowerCallbacks.EvtDeviceD0Exit = ", d0out, ";"));
        in.line("WdfDeviceInitSetPnpPowerEventCallbacks(DeviceInit, &pnpPowerCallbacks);");
        in.blank();
        in.line(cat("WDF_OBJECT_ATTRIBUTES_INIT_CONTEXT_TYPE(&attributes, ", d.ctx_type, ");"));
        in.line("status = WdfDeviceCreate(&DeviceInit, &attributes, &device);");
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        in.blank();
        in.line(cat("devExt = ", d.ctx_getter, "(device);"));
        in.line("devExt->Device = device;");
        in.line(cat("KeInitializeSpinLock(&devExt->", d.lock, ");"));
        in.line(cat("KeInitializeSpinLock(&devExt->", d.qlock, ");"));
        in.line(cat("KeInitializeDpc(&devExt->", d.dpc, ", ", d.prefix, "DpcRoutine, devExt);"));
        in.line(cat("KeInitializeTimer(&devExt->", d.timer, ");"));
        in.line(cat("KeInitializeEvent(&devExt->", d.event, ", NotificationEvent, FALSE);"));
        in.line(cat("InitializeListHead(&devExt->", d.list, ");"));
        in.line("WDF_OBJECT_ATTRIBUTES_INIT(&attributes);");
        in.line("attributes.ParentObject = device;");
        in.line(cat("status = WdfSpinLockCreate(&attributes, &devExt->", d.wdflock, ");"));
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        in.line(cat("status = WdfDeviceCreateDeviceInterface(device, &GUID_DEVINTERFACE_", d.up,
                    ", NULL);"));
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("return status;");
        close_block(in);
        emit_block(in, bb, 1, rng.range(1, 5));
        in.line(cat("status = ", d.prefix, "QueueInitialize(device);"));
      });

  Role pr = role("EVT_WDF_DEVICE_PREPARE_HARDWARE", "", "NTSTATUS", prep,
                 {{"_In_", "WDFDEVICE", "Device"},
                  {"_In_", "WDFCMRESLIST", "ResourcesRaw"},
                  {"_In_", "WDFCMRESLIST", "ResourcesTranslated"}});
  Body pb = make_body(d, rng, "devExt", "index", true, false);
  pb.ret = Shape::Status;
  pb.bail = Bail::Return;
  pb.uses_index = true;
  emit_role(
      c, d, rng, pr, p, true, "PAGE",
      {"NTSTATUS status = STATUS_SUCCESS;", cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);"),
       "PCM_PARTIAL_RESOURCE_DESCRIPTOR descriptor;", "WDF_INTERRUPT_CONFIG interruptConfig;"},
      pb, [&](Code& in, Body& bb) {
        in.line("UNREFERENCED_PARAMETER(ResourcesRaw);");
        in.blank();
        open_block(
            in, bb,
            "for (index = 0; index < WdfCmResourceListGetCount(ResourcesTranslated); index++)");
        in.line("descriptor = WdfCmResourceListGetDescriptor(ResourcesTranslated, index);");
        open_block(in, bb, "switch (descriptor->Type)");
        in.line("case CmResourceTypeMemory:");
        in.in();
        in.line(
            "devExt->Registers = MmMapIoSpaceEx(descriptor->u.Memory.Start, "
            "descriptor->u.Memory.Length,");
        in.line("                                   PAGE_READWRITE | PAGE_NOCACHE);");
        open_block(in, bb, "if (devExt->Registers == NULL)");
        in.line("return STATUS_INSUFFICIENT_RESOURCES;");
        close_block(in);
        in.line("devExt->RegistersLength = descriptor->u.Memory.Length;");
        in.line("break;");
        in.out();
        in.line("case CmResourceTypeInterrupt:");
        in.in();
        in.line(cat("WDF_INTERRUPT_CONFIG_INIT(&interruptConfig, ", d.prefix, "EvtInterruptIsr, ",
                    d.prefix, "EvtInterruptDpc);"));
        in.line("interruptConfig.InterruptTranslated = descriptor;");
        in.line(
            "interruptConfig.InterruptRaw = WdfCmResourceListGetDescriptor(ResourcesRaw, index);");
        in.line(
            "status = WdfInterruptCreate(Device, &interruptConfig, WDF_NO_OBJECT_ATTRIBUTES, "
            "&devExt->Interrupt);");
        in.line("break;");
        in.out();
        in.line("default:");
        in.in();
        in.line("break;");
        in.out();
        close_block(in);
        close_block(in);
        in.blank();
        emit_block(in, bb, 1, rng.range(2, 6));
      });

  Role rl =
      role("EVT_WDF_DEVICE_RELEASE_HARDWARE", "", "NTSTATUS", rel,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDFCMRESLIST", "ResourcesTranslated"}});
  Body rb = make_body(d, rng, "devExt", "0", true, false);
  rb.ret = Shape::Status;
  emit_role(c, d, rng, rl, p, true, "PAGE",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            rb, [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(ResourcesTranslated);");
              open_block(in, bb, "if (devExt->Registers != NULL)");
              in.line("MmUnmapIoSpace(devExt->Registers, devExt->RegistersLength);");
              in.line("devExt->Registers = NULL;");
              close_block(in);
              emit_block(in, bb, 1, rng.range(1, 3));
            });

  Role dx =
      role("EVT_WDF_DEVICE_D0_EXIT", "", "NTSTATUS", d0out,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDF_POWER_DEVICE_STATE", "TargetState"}});
  Body xb = make_body(d, rng, "devExt", "(ULONG)TargetState", true, false);
  xb.ret = Shape::Status;
  emit_role(c, d, rng, dx, p, true, "PAGE",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            xb, [&](Code& in, Body& bb) {
              in.line(cat("KeCancelTimer(&devExt->", d.timer, ");"));
              emit_block(in, bb, 1, rng.range(1, 4));
            });

  // D0Entry runs on the way back to D0: it stays resident (paging-rules.md §4).
  runs.enter(false);
  Role de =
      role("EVT_WDF_DEVICE_D0_ENTRY", "", "NTSTATUS", d0in,
           {{"_In_", "WDFDEVICE", "Device"}, {"_In_", "WDF_POWER_DEVICE_STATE", "PreviousState"}});
  Body eb = make_body(d, rng, "devExt", "(ULONG)PreviousState", false, false);
  eb.ret = Shape::Status;
  emit_role(c, d, rng, de, p, false, "",
            {"NTSTATUS status = STATUS_SUCCESS;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
            eb, [&](Code& in, Body& bb) { emit_block(in, bb, 1, rng.range(2, 5)); });
  runs.finish();

  std::string name = "device" + d.ext;
  Code file = file_prologue(d, name, "Device creation and PnP/power callbacks.", p,
                            p == Placement::AllocText ? paged : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

std::vector<Param> io_params(bool with_lengths, bool ioctl) {
  std::vector<Param> ps = {{"_In_", "WDFQUEUE", "Queue"}, {"_In_", "WDFREQUEST", "Request"}};
  if (ioctl) {
    ps.push_back({"_In_", "size_t", "OutputBufferLength"});
    ps.push_back({"_In_", "size_t", "InputBufferLength"});
    ps.push_back({"_In_", "ULONG", "IoControlCode"});
  } else if (with_lengths) {
    ps.push_back({"_In_", "size_t", "Length"});
  }
  return ps;
}

OutFile kmdf_queue_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string init = d.prefix + "QueueInitialize";
  Code c;
  SectionRuns runs(c, p);
  runs.enter(true);
  Signature qs;
  qs.annotations = {"_IRQL_requires_(PASSIVE_LEVEL)"};
  qs.ret = "NTSTATUS";
  qs.name = init;
  qs.params = {{"_In_", "WDFDEVICE", "Device"}};
  d.decls.push_back(prototype(qs));
  Body qb = make_body(d, rng, "devExt", "0", true, false);
  qb.ret = Shape::Status;
  Code qi(1);
  qi.line("PAGED_CODE();");
  qi.blank();
  qi.line("WDF_IO_QUEUE_CONFIG_INIT_DEFAULT_QUEUE(&queueConfig, WdfIoQueueDispatchParallel);");
  qi.line(cat("queueConfig.EvtIoRead = ", d.prefix, "EvtIoRead;"));
  qi.line(cat("queueConfig.EvtIoWrite = ", d.prefix, "EvtIoWrite;"));
  qi.line(cat("queueConfig.EvtIoDeviceControl = ", d.prefix, "EvtIoDeviceControl;"));
  qi.line(cat("queueConfig.EvtIoStop = ", d.prefix, "EvtIoStop;"));
  qi.line(
      "status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, "
      "&devExt->DefaultQueue);");
  open_block(qi, qb, "if (!NT_SUCCESS(status))");
  qi.line("return status;");
  close_block(qi);
  qi.blank();
  qi.line("WDF_IO_QUEUE_CONFIG_INIT(&queueConfig, WdfIoQueueDispatchManual);");
  qi.line("queueConfig.PowerManaged = WdfFalse;");
  qi.line(
      "status = WdfIoQueueCreate(Device, &queueConfig, WDF_NO_OBJECT_ATTRIBUTES, "
      "&devExt->PendingQueue);");
  emit_definition(c, d.use_decl, rng, qs, placement_line(d, p, true),
                  {"NTSTATUS status;", "WDF_IO_QUEUE_CONFIG queueConfig;",
                   cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(Device);")},
                  qb, qi, body_tail(qb, rng));
  runs.enter(false);

  const char* rw[][2] = {{"EVT_WDF_IO_QUEUE_IO_READ", "EvtIoRead"},
                         {"EVT_WDF_IO_QUEUE_IO_WRITE", "EvtIoWrite"}};
  for (auto& k : rw) {
    Role r = role(k[0], "", "VOID", d.prefix + k[1], io_params(true, false));
    Body b = make_body(d, rng, "devExt", "(ULONG)Length", false, false);
    emit_role(c, d, rng, r, p, false, "",
              {"NTSTATUS status;", "PVOID data;",
               cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfIoQueueGetDevice(Queue));")},
              b, [&](Code& in, Body& bb) {
                in.line(cat("status = WdfRequestRetrieve", k[1][5] == 'R' ? "Output" : "Input",
                            "Buffer(Request, Length, &data, NULL);"));
                open_block(in, bb, "if (!NT_SUCCESS(status))");
                in.line("WdfRequestComplete(Request, status);");
                in.line("return;");
                close_block(in);
                in.line(cat("WdfSpinLockAcquire(devExt->", d.wdflock, ");"));
                ++bb.lock_depth;
                emit_block(in, bb, 2, rng.range(1, 4));
                --bb.lock_depth;
                in.line(cat("WdfSpinLockRelease(devExt->", d.wdflock, ");"));
                emit_block(in, bb, 1, rng.range(0, 3));
                in.line("WdfRequestCompleteWithInformation(Request, status, Length);");
              });
  }

  Role dc = role("EVT_WDF_IO_QUEUE_IO_DEVICE_CONTROL", "", "VOID", d.prefix + "EvtIoDeviceControl",
                 io_params(false, true));
  Body db = make_body(d, rng, "devExt", "(ULONG)InputBufferLength", false, false);
  emit_role(c, d, rng, dc, p, false, "",
            {"NTSTATUS status = STATUS_SUCCESS;", "size_t information = 0;",
             cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfIoQueueGetDevice(Queue));")},
            db, [&](Code& in, Body& bb) {
              open_block(in, bb, "switch (IoControlCode)");
              for (const std::string& io : d.ioctls) {
                in.line(cat("case ", io, ":"));
                in.in();
                open_block(in, bb, "if (OutputBufferLength < sizeof(ULONG))");
                in.line("status = STATUS_BUFFER_TOO_SMALL;");
                in.line("break;");
                close_block(in);
                emit_block(in, bb, 2, rng.range(1, 4));
                in.line("information = sizeof(ULONG);");
                in.line("break;");
                in.out();
              }
              in.line("default:");
              in.in();
              in.line("status = STATUS_INVALID_DEVICE_REQUEST;");
              in.line("break;");
              in.out();
              close_block(in);
              in.line("WdfRequestCompleteWithInformation(Request, status, information);");
            });

  Role st = role("EVT_WDF_IO_QUEUE_IO_STOP", "", "VOID", d.prefix + "EvtIoStop",
                 {{"_In_", "WDFQUEUE", "Queue"},
                  {"_In_", "WDFREQUEST", "Request"},
                  {"_In_", "ULONG", "ActionFlags"}});
  Body sb = make_body(d, rng, "devExt", "ActionFlags", false, true);
  emit_role(c, d, rng, st, p, false, "", {}, sb, [&](Code& in, Body& bb) {
    in.line("UNREFERENCED_PARAMETER(Queue);");
    open_block(in, bb, "if (ActionFlags & WdfRequestStopActionSuspend)");
    in.line("WdfRequestStopAcknowledge(Request, FALSE);");
    else_block(in, bb, "else if (ActionFlags & WdfRequestStopActionPurge)");
    in.line("WdfRequestCancelSentRequest(Request);");
    close_block(in);
  });
  runs.finish();
  std::string name = "queue" + d.ext;
  Code file = file_prologue(
      d, name, "I/O queues and their callbacks.", p,
      p == Placement::AllocText ? std::vector<std::string>{init} : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

OutFile kmdf_interrupt_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  Code c;
  Role isr = role("EVT_WDF_INTERRUPT_ISR", "", "BOOLEAN", d.prefix + "EvtInterruptIsr",
                  {{"_In_", "WDFINTERRUPT", "Interrupt"}, {"_In_", "ULONG", "MessageID"}});
  Body b = make_body(d, rng, "devExt", "MessageID", false, true);
  b.callable = 0;
  emit_role(c, d, rng, isr, p, false, "",
            {cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfInterruptGetDevice(Interrupt));"),
             "ULONG status;"},
            b, [&](Code& in, Body& bb) {
              in.line("status = READ_REGISTER_ULONG((PULONG)devExt->Registers);");
              open_block(in, bb, "if ((status & 1) == 0)");
              in.line("return FALSE;");
              close_block(in);
              in.line("WRITE_REGISTER_ULONG((PULONG)devExt->Registers, status);");
              in.line("WdfInterruptQueueDpcForIsr(Interrupt);");
              in.line("return TRUE;");
            });
  Role dpc =
      role("EVT_WDF_INTERRUPT_DPC", "", "VOID", d.prefix + "EvtInterruptDpc",
           {{"_In_", "WDFINTERRUPT", "Interrupt"}, {"_In_", "WDFOBJECT", "AssociatedObject"}});
  Body db = make_body(d, rng, "devExt", "count", false, true);
  emit_role(c, d, rng, dpc, p, false, "",
            {cat(d.ctx_ptr, " devExt = ", d.ctx_getter, "(WdfInterruptGetDevice(Interrupt));"),
             "ULONG count = 0;"},
            db, [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(AssociatedObject);");
              in.line(cat("WdfSpinLockAcquire(devExt->", d.wdflock, ");"));
              ++bb.lock_depth;
              emit_block(in, bb, 2, rng.range(1, 4));
              --bb.lock_depth;
              in.line(cat("WdfSpinLockRelease(devExt->", d.wdflock, ");"));
              emit_block(in, bb, 1, rng.range(1, 4));
            });
  std::string name = "interrupt" + d.ext;
  Code file = file_prologue(d, name, "Interrupt service routine and its DPC.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

}  // namespace pwgen
