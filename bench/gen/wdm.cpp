// WDM driver files: DriverEntry and AddDevice, IRP dispatch routines, PnP and power, and the DPC
// file both frameworks share.
#include "gen/files.hpp"
#include "gen/function.hpp"

namespace pwgen {

// Shared by file writers: where each function goes and which names alloc_text must list.
struct FilePlan {
  Placement placement;
  std::vector<std::string> paged, init;
};

OutFile wdm_driver_file(Driver& d, Rng& rng) {
  FilePlan fp{pick_placement(d, rng), {}, {}};
  std::string unload = d.prefix + "Unload";
  std::string add = d.prefix + "AddDevice";
  fp.init = {"DriverEntry"};
  fp.paged = {unload, add};
  Code c;
  SectionRuns runs(c, fp.placement);

  Role entry = role(
      "DRIVER_INITIALIZE", "", "NTSTATUS", "DriverEntry",
      {{"_In_", "PDRIVER_OBJECT", "DriverObject"}, {"_In_", "PUNICODE_STRING", "RegistryPath"}});
  if (fp.placement == Placement::CodeSegRegion)
    c.flush_left("#pragma code_seg(\"INIT\")"), c.blank();
  Body b = make_body(d, rng, "devExt", "RegistryPath->Length", false, false);
  b.ret = Shape::Status;
  b.uses_status = true;
  emit_role(c, d, rng, entry, fp.placement, false, "INIT", {"NTSTATUS status = STATUS_SUCCESS;"}, b,
            [&](Code& in, Body& bb) {
              in.line("UNREFERENCED_PARAMETER(RegistryPath);");
              in.blank();
              in.line(cat("DriverObject->DriverUnload = ", unload, ";"));
              in.line(cat("DriverObject->DriverExtension->AddDevice = ", add, ";"));
              const char* majors[][2] = {{"IRP_MJ_CREATE", "CreateClose"},
                                         {"IRP_MJ_CLOSE", "CreateClose"},
                                         {"IRP_MJ_READ", "ReadWrite"},
                                         {"IRP_MJ_WRITE", "ReadWrite"},
                                         {"IRP_MJ_DEVICE_CONTROL", "DeviceControl"},
                                         {"IRP_MJ_PNP", "Pnp"},
                                         {"IRP_MJ_POWER", "Power"},
                                         {"IRP_MJ_SYSTEM_CONTROL", "SystemControl"}};
              for (auto& m : majors)
                in.line(cat("DriverObject->MajorFunction[", m[0], "] = ", d.prefix, "Dispatch",
                            m[1], ";"));
              in.blank();
              if (rng.chance(50)) emit_trace(in, bb);
            });
  if (fp.placement == Placement::CodeSegRegion) c.flush_left("#pragma code_seg()"), c.blank();

  runs.enter(true);
  Role un = role("DRIVER_UNLOAD", "", "VOID", unload, {{"_In_", "PDRIVER_OBJECT", "DriverObject"}});
  Body ub = make_body(d, rng, "devExt", "0", true, false);
  emit_role(c, d, rng, un, fp.placement, true, "PAGE", {}, ub, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DriverObject);");
    in.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_INFO_LEVEL, \"", d.title,
                ": unloading\\n\"));"));
  });

  Role ad = role("DRIVER_ADD_DEVICE", "", "NTSTATUS", add,
                 {{"_In_", "PDRIVER_OBJECT", "DriverObject"},
                  {"_In_", "PDEVICE_OBJECT", "PhysicalDeviceObject"}});
  Body ab = make_body(d, rng, "devExt", "index", true, false);
  ab.ret = Shape::Status;
  ab.bail = Bail::Goto;
  ab.uses_index = true;
  emit_role(
      c, d, rng, ad, fp.placement, true, "PAGE",
      {"NTSTATUS status = STATUS_SUCCESS;", "PDEVICE_OBJECT deviceObject = NULL;",
       cat(d.ctx_ptr, " devExt;")},
      ab, [&](Code& in, Body& bb) {
        in.line(cat("status = IoCreateDevice(DriverObject, sizeof(", d.ctx_type,
                    "), NULL, FILE_DEVICE_UNKNOWN,"));
        in.line("                        FILE_DEVICE_SECURE_OPEN, FALSE, &deviceObject);");
        open_block(in, bb, "if (!NT_SUCCESS(status))");
        in.line("goto Exit;");
        bb.used_goto = true;
        close_block(in);
        in.blank();
        in.line(cat("devExt = (", d.ctx_ptr, ")deviceObject->DeviceExtension;"));
        in.line(cat("RtlZeroMemory(devExt, sizeof(", d.ctx_type, "));"));
        in.line("devExt->Self = deviceObject;");
        in.line(cat("KeInitializeSpinLock(&devExt->", d.lock, ");"));
        in.line(cat("KeInitializeSpinLock(&devExt->", d.qlock, ");"));
        in.line(cat("KeInitializeDpc(&devExt->", d.dpc, ", ", d.prefix, "DpcRoutine, devExt);"));
        in.line(cat("KeInitializeTimer(&devExt->", d.timer, ");"));
        in.line(cat("KeInitializeEvent(&devExt->", d.event, ", NotificationEvent, FALSE);"));
        in.line(cat("InitializeListHead(&devExt->", d.list, ");"));
        in.line(cat("devExt->", d.state, " = ", d.states[0], ";"));
        in.blank();
        in.line(
            "devExt->LowerDevice = IoAttachDeviceToDeviceStack(deviceObject, "
            "PhysicalDeviceObject);");
        open_block(in, bb, "if (devExt->LowerDevice == NULL)");
        in.line("status = STATUS_NO_SUCH_DEVICE;");
        in.line("goto Exit;");
        close_block(in);
        in.blank();
        emit_block(in, bb, 1, rng.range(2, 6));
        in.line("deviceObject->Flags |= DO_BUFFERED_IO | DO_POWER_PAGABLE;");
        in.line("deviceObject->Flags &= ~DO_DEVICE_INITIALIZING;");
      });
  runs.finish();
  std::string name = "driver" + d.ext;
  Code file = file_prologue(
      d, name, cat("DriverEntry and AddDevice of the ", d.title, " driver."), fp.placement,
      fp.placement == Placement::AllocText ? fp.paged : std::vector<std::string>{},
      fp.placement == Placement::AllocText ? fp.init : std::vector<std::string>{});
  file.append(c);
  return {name, file.text()};
}

std::vector<Param> dispatch_params() {
  return {{"_In_", "PDEVICE_OBJECT", "DeviceObject"}, {"_Inout_", "PIRP", "Irp"}};
}

void complete_irp(Code& in, std::string_view info) {
  in.line("Irp->IoStatus.Status = status;");
  in.line(cat("Irp->IoStatus.Information = ", info, ";"));
  in.line("IoCompleteRequest(Irp, IO_NO_INCREMENT);");
}

OutFile wdm_dispatch_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::vector<std::string> paged = {d.prefix + "DispatchCreateClose",
                                    d.prefix + "DispatchSystemControl"};
  Code c;
  SectionRuns runs(c, p);
  std::vector<std::string> irp_locals = {
      ext_from_device(d, "DeviceObject"),
      "PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);",
      "NTSTATUS status = STATUS_SUCCESS;"};

  runs.enter(true);
  Role cc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_CREATE)\n_Dispatch_type_(IRP_MJ_CLOSE)",
                 "NTSTATUS", paged[0], dispatch_params());
  Body b = make_body(d, rng, "devExt", "irpSp->MajorFunction", true, false);
  b.ret = Shape::Status;
  emit_role(c, d, rng, cc, p, true, "PAGE", irp_locals, b, [&](Code& in, Body& bb) {
    open_block(in, bb, "if (irpSp->MajorFunction == IRP_MJ_CREATE)");
    emit_block(in, bb, 2, rng.range(1, 3));
    else_block(in, bb, "else");
    emit_block(in, bb, 2, rng.range(1, 3));
    close_block(in);
    in.blank();
    complete_irp(in, "0");
  });

  Role sc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_SYSTEM_CONTROL)", "NTSTATUS", paged[1],
                 dispatch_params());
  Body sb = make_body(d, rng, "devExt", "irpSp->MinorFunction", true, false);
  sb.ret = Shape::Status;
  emit_role(c, d, rng, sc, p, true, "PAGE", irp_locals, sb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(irpSp);");
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
  });

  runs.enter(false);
  Role rw = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_READ)\n_Dispatch_type_(IRP_MJ_WRITE)",
                 "NTSTATUS", d.prefix + "DispatchReadWrite", dispatch_params());
  Body rb = make_body(d, rng, "devExt", "length", false, false);
  rb.ret = Shape::Status;
  std::vector<std::string> rw_locals = irp_locals;
  rw_locals.push_back("ULONG length;");
  rb.uses_old_irql = true;
  emit_role(c, d, rng, rw, p, false, "", rw_locals, rb, [&](Code& in, Body& bb) {
    in.line("length = irpSp->MajorFunction == IRP_MJ_READ ? irpSp->Parameters.Read.Length");
    in.line("                                             : irpSp->Parameters.Write.Length;");
    open_block(in, bb, "if (length == 0)");
    in.line("status = STATUS_SUCCESS;");
    complete_irp(in, "0");
    in.line("return status;");
    close_block(in);
    in.blank();
    in.line(cat("KeAcquireSpinLock(&devExt->", d.lock, ", &oldIrql);"));
    ++bb.lock_depth;
    emit_block(in, bb, 2, rng.range(1, 4));
    --bb.lock_depth;
    in.line("IoMarkIrpPending(Irp);");
    in.line(cat("InsertTailList(&devExt->", d.list, ", &Irp->Tail.Overlay.ListEntry);"));
    in.line(cat("KeReleaseSpinLock(&devExt->", d.lock, ", oldIrql);"));
    in.blank();
    in.line(cat("KeInsertQueueDpc(&devExt->", d.dpc, ", NULL, NULL);"));
    in.line("status = STATUS_PENDING;");
  });

  Role dc = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_DEVICE_CONTROL)", "NTSTATUS",
                 d.prefix + "DispatchDeviceControl", dispatch_params());
  Body db = make_body(d, rng, "devExt", "inLength", false, false);
  db.ret = Shape::Status;
  std::vector<std::string> dc_locals = irp_locals;
  dc_locals.push_back("ULONG_PTR information = 0;");
  dc_locals.push_back("ULONG inLength = irpSp->Parameters.DeviceIoControl.InputBufferLength;");
  dc_locals.push_back("ULONG outLength = irpSp->Parameters.DeviceIoControl.OutputBufferLength;");
  emit_role(c, d, rng, dc, p, false, "", dc_locals, db, [&](Code& in, Body& bb) {
    open_block(in, bb, "switch (irpSp->Parameters.DeviceIoControl.IoControlCode)");
    for (const std::string& io : d.ioctls) {
      in.line(cat("case ", io, ":"));
      in.in();
      if (rng.chance(50)) {
        open_block(in, bb, cat("if (outLength < sizeof(ULONG))"));
        in.line("status = STATUS_BUFFER_TOO_SMALL;");
        in.line("break;");
        close_block(in);
      }
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
    in.blank();
    complete_irp(in, "information");
  });
  runs.finish();
  std::string name = "dispatch" + d.ext;
  Code file = file_prologue(d, name, "IRP dispatch routines.", p,
                            p == Placement::AllocText ? paged : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

OutFile wdm_pnp_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  std::string pnp = d.prefix + "DispatchPnp";
  std::string power = d.prefix + "DispatchPower";
  std::string done = d.prefix + "StartCompletion";
  Code c;
  SectionRuns runs(c, p);
  std::vector<std::string> irp_locals = {
      ext_from_device(d, "DeviceObject"),
      "PIO_STACK_LOCATION irpSp = IoGetCurrentIrpStackLocation(Irp);",
      "NTSTATUS status = STATUS_SUCCESS;"};

  Role cr = role("IO_COMPLETION_ROUTINE", "", "NTSTATUS", done,
                 {{"_In_", "PDEVICE_OBJECT", "DeviceObject"},
                  {"_In_", "PIRP", "Irp"},
                  {"_In_reads_opt_(_Inexpressible_(\"varies\"))", "PVOID", "Context"}});
  Body cb = make_body(d, rng, "devExt", "0", false, true);
  emit_role(c, d, rng, cr, p, false, "", {}, cb, [&](Code& in, Body&) {
    in.line("UNREFERENCED_PARAMETER(DeviceObject);");
    in.line("UNREFERENCED_PARAMETER(Irp);");
    in.line("KeSetEvent((PKEVENT)Context, IO_NO_INCREMENT, FALSE);");
    in.line("return STATUS_MORE_PROCESSING_REQUIRED;");
  });

  Role pw = role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_POWER)", "NTSTATUS", power,
                 dispatch_params());
  Body wb = make_body(d, rng, "devExt", "irpSp->MinorFunction", false, false);
  wb.ret = Shape::Status;
  emit_role(c, d, rng, pw, p, false, "", irp_locals, wb, [&](Code& in, Body& bb) {
    open_block(in, bb, "if (irpSp->MinorFunction == IRP_MN_SET_POWER)");
    emit_block(in, bb, 2, rng.range(1, 3));
    close_block(in);
    in.line("PoStartNextPowerIrp(Irp);");
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = PoCallDriver(devExt->LowerDevice, Irp);");
  });

  runs.enter(true);
  Role pn =
      role("DRIVER_DISPATCH", "_Dispatch_type_(IRP_MJ_PNP)", "NTSTATUS", pnp, dispatch_params());
  Body pb = make_body(d, rng, "devExt", "irpSp->MinorFunction", true, false);
  pb.ret = Shape::Status;
  std::vector<std::string> pn_locals = irp_locals;
  pn_locals.push_back("KEVENT started;");
  emit_role(c, d, rng, pn, p, true, "PAGE", pn_locals, pb, [&](Code& in, Body& bb) {
    open_block(in, bb, "switch (irpSp->MinorFunction)");
    in.line("case IRP_MN_START_DEVICE:");
    in.in();
    in.line("KeInitializeEvent(&started, NotificationEvent, FALSE);");
    in.line("IoCopyCurrentIrpStackLocationToNext(Irp);");
    in.line(cat("IoSetCompletionRoutine(Irp, ", done, ", &started, TRUE, TRUE, TRUE);"));
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
    open_block(in, bb, "if (status == STATUS_PENDING)");
    in.line("KeWaitForSingleObject(&started, Executive, KernelMode, FALSE, NULL);");
    in.line("status = Irp->IoStatus.Status;");
    close_block(in);
    open_block(in, bb, "if (NT_SUCCESS(status))");
    emit_block(in, bb, 3, rng.range(1, 4));
    close_block(in);
    complete_irp(in, "0");
    in.line("return status;");
    in.out();
    in.blank();
    in.line("case IRP_MN_REMOVE_DEVICE:");
    in.in();
    emit_block(in, bb, 2, rng.range(1, 3));
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
    in.line("IoDetachDevice(devExt->LowerDevice);");
    in.line("IoDeleteDevice(DeviceObject);");
    in.line("return status;");
    in.out();
    in.blank();
    in.line("default:");
    in.in();
    in.line("break;");
    in.out();
    close_block(in);
    in.blank();
    in.line("IoSkipCurrentIrpStackLocation(Irp);");
    in.line("status = IoCallDriver(devExt->LowerDevice, Irp);");
  });
  runs.finish();
  std::string name = "pnp" + d.ext;
  Code file = file_prologue(
      d, name, "Plug and Play and power IRPs.", p,
      p == Placement::AllocText ? std::vector<std::string>{pnp} : std::vector<std::string>{}, {});
  file.append(c);
  return {name, file.text()};
}

// The DPC that drains the pending list: resident, runs at DISPATCH_LEVEL.
void emit_dpc(Code& c, Driver& d, Rng& rng, Placement p, std::string_view name,
              bool completes_irps) {
  Role r = role("KDEFERRED_ROUTINE", "", "VOID", std::string(name),
                {{"_In_", "PKDPC", "Dpc"},
                 {"_In_opt_", "PVOID", "DeferredContext"},
                 {"_In_opt_", "PVOID", "SystemArgument1"},
                 {"_In_opt_", "PVOID", "SystemArgument2"}});
  Body b = make_body(d, rng, "devExt", "count", false, true);
  std::vector<std::string> locals = {cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")DeferredContext;"),
                                     "ULONG count = 0;"};
  if (completes_irps) locals.push_back("PIRP irp;");
  b.uses_link = true;
  emit_role(c, d, rng, r, p, false, "", locals, b, [&](Code& in, Body& bb) {
    in.line("UNREFERENCED_PARAMETER(Dpc);");
    in.line("UNREFERENCED_PARAMETER(SystemArgument1);");
    in.line("UNREFERENCED_PARAMETER(SystemArgument2);");
    in.blank();
    in.line(cat("KeAcquireSpinLockAtDpcLevel(&devExt->", d.lock, ");"));
    open_block(in, bb, cat("while (!IsListEmpty(&devExt->", d.list, "))"));
    in.line(cat("link = RemoveHeadList(&devExt->", d.list, ");"));
    if (completes_irps) {
      in.line("irp = CONTAINING_RECORD(link, IRP, Tail.Overlay.ListEntry);");
      in.line(cat("KeReleaseSpinLockFromDpcLevel(&devExt->", d.lock, ");"));
      in.line("irp->IoStatus.Status = STATUS_SUCCESS;");
      in.line("IoCompleteRequest(irp, IO_NO_INCREMENT);");
      in.line(cat("KeAcquireSpinLockAtDpcLevel(&devExt->", d.lock, ");"));
    } else {
      bb.uses_entry = true;
      in.line(cat("entry = CONTAINING_RECORD(link, ", d.entry_type, ", Link);"));
      in.line(cat("ExFreePoolWithTag(entry, ", d.pool_tag, ");"));
    }
    in.line("count++;");
    close_block(in);
    in.line(cat("KeReleaseSpinLockFromDpcLevel(&devExt->", d.lock, ");"));
    in.blank();
    emit_block(in, bb, 1, rng.range(2, 6));
    // Now and then a driver calls pageable code from its DPC, the bug pagewise exists to find;
    // a few such drivers keep the findings and evidence path of the benchmark busy.
    auto paged =
        std::find_if(d.helpers.begin(), d.helpers.end(), [](const Helper& h) { return h.paged; });
    if (paged != d.helpers.end() && rng.chance(15)) in.line(cat(paged->name, "(devExt, count);"));
  });
}

OutFile dpc_file(Driver& d, Rng& rng) {
  Placement p = pick_placement(d, rng);
  Code c;
  emit_dpc(c, d, rng, p, d.prefix + "DpcRoutine", d.fw == Framework::Wdm);
  if (rng.chance(60)) emit_dpc(c, d, rng, p, d.prefix + "TimerDpc", false);
  if (d.fw == Framework::Wdm) {
    Role isr = role("KSERVICE_ROUTINE", "", "BOOLEAN", d.prefix + "InterruptService",
                    {{"_In_", "PKINTERRUPT", "Interrupt"}, {"_In_", "PVOID", "ServiceContext"}});
    Body b = make_body(d, rng, "devExt", "status", false, true);
    b.callable = 0;
    emit_role(c, d, rng, isr, p, false, "",
              {cat(d.ctx_ptr, " devExt = (", d.ctx_ptr, ")ServiceContext;"), "ULONG status;"}, b,
              [&](Code& in, Body& bb) {
                in.line("UNREFERENCED_PARAMETER(Interrupt);");
                in.line("status = READ_REGISTER_ULONG((PULONG)devExt->Registers);");
                open_block(in, bb, "if (status == 0)");
                in.line("return FALSE;");
                close_block(in);
                in.line("WRITE_REGISTER_ULONG((PULONG)devExt->Registers, status);");
                in.line(cat("KeInsertQueueDpc(&devExt->", d.dpc, ", NULL, NULL);"));
                in.line("return TRUE;");
              });
  }
  std::string name = "dpc" + d.ext;
  Code file = file_prologue(d, name, "Deferred procedure calls and the interrupt path.", p, {}, {});
  file.append(c);
  return {name, file.text()};
}

}  // namespace pwgen
