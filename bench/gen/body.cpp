#include "gen/body.hpp"

#include "gen/vocabulary.hpp"

namespace pwgen {

std::string field(const Body& b, std::string_view name) { return cat(b.ctx, "->", name); }

std::string counter(Body& b) { return field(b, b.rng->pick(b.d->counters)); }
std::string flag(Body& b) { return field(b, b.rng->pick(b.d->flags)); }
const Buffer& buffer(Body& b) { return b.rng->pick(b.d->buffers); }

std::string value_expr(Body& b) {
  Rng& r = *b.rng;
  switch (r.below(b.loop_depth > 0 ? 8 : 6)) {
    case 0:
      return b.arg;
    case 1:
      return std::to_string(r.range(1, 64));
    case 2:
      return cat(b.arg, " + ", r.range(1, 16));
    case 3:
      return cat("(", b.arg, " & ", hex(static_cast<unsigned>(r.range(1, 255))), ")");
    case 4:
      return counter(b);
    case 5:
      return cat("sizeof(", b.d->entry_type, ")");
    default:
      b.uses_index = true;
      return cat("index * ", r.range(2, 8));
  }
}

std::string condition(Body& b) {
  Rng& r = *b.rng;
  switch (r.below(9)) {
    case 0:
      return cat(b.arg, " > ", r.range(0, 128));
    case 1:
      return flag(b);
    case 2:
      return cat("!", flag(b));
    case 3:
      return cat("(", b.arg, " & ", hex(1u << r.range(0, 15)), ") != 0");
    case 4:
      return cat(field(b, b.d->state), " == ", r.pick(b.d->states));
    case 5:
      return cat(counter(b), " >= ", r.range(2, 1000));
    case 6:
      b.uses_status = true;
      return "!NT_SUCCESS(status)";
    case 7:
      return cat("IsListEmpty(&", field(b, b.d->list), ")");
    default: {
      const Buffer& buf = buffer(b);
      return cat(b.arg, " < ", buf.size_macro, " && ", field(b, buf.name), "[", b.arg, "] != 0");
    }
  }
}

void open_block(Code& c, const Body& b, std::string_view head) {
  if (b.d->allman) {
    c.line(head);
    c.line("{");
  } else {
    c.line(cat(head, " {"));
  }
  c.in();
}
void close_block(Code& c) {
  c.out();
  c.line("}");
}
void else_block(Code& c, const Body& b, std::string_view head) {
  c.out();
  if (b.d->allman) {
    c.line("}");
    c.line(head);
    c.line("{");
  } else {
    c.line(cat("} ", head, " {"));
  }
  c.in();
}

// Leaves the function on a failure, the way this function does it. Under a lock nobody leaves.
void emit_bail(Code& c, Body& b) {
  if (b.lock_depth > 0 || b.bail == Bail::Record) {
    b.uses_status = true;
    c.line(cat(field(b, b.d->last_status), " = status;"));
  } else if (b.bail == Bail::Goto) {
    b.used_goto = true;
    c.line("goto Exit;");
  } else if (b.ret == Shape::Status) {
    c.line("return status;");
  } else if (b.ret == Shape::Bool) {
    c.line("return FALSE;");
  } else {
    c.line("return;");
  }
}

void emit_trace(Code& c, Body& b) {
  Rng& r = *b.rng;
  if (b.d->wpp) {
    c.line(cat("TraceEvents(TRACE_LEVEL_", r.chance(70) ? "INFORMATION" : "ERROR", ", TRACE_",
               upper(r.pick(kNouns)), ", \"%!FUNC! ", lower(r.pick(kNouns)), " %u\", ", b.arg,
               ");"));
  } else if (r.chance(50)) {
    c.line(cat("KdPrintEx((DPFLTR_IHVDRIVER_ID, DPFLTR_", r.chance(70) ? "INFO" : "ERROR",
               "_LEVEL, \"", b.d->title, ": %s ", lower(r.pick(kNouns)), "=%u\\n\", __FUNCTION__, ",
               b.arg, "));"));
  } else {
    c.line(cat("DbgPrintEx(DPFLTR_IHVDRIVER_ID, DPFLTR_TRACE_LEVEL, \"", b.d->prefix, " ",
               lower(r.pick(kVerbs)), " %u\\n\", ", b.arg, ");"));
  }
}

void emit_simple(Code& c, Body& b) {
  Rng& r = *b.rng;
  switch (r.below(11)) {
    case 0:
      c.line(cat(counter(b), " += ", value_expr(b), ";"));
      break;
    case 1:
      c.line(cat(flag(b), " = ", r.chance(50) ? "TRUE" : "FALSE", ";"));
      break;
    case 2:
      c.line(cat(field(b, b.d->state), " = ", r.pick(b.d->states), ";"));
      break;
    case 3: {
      const Buffer& buf = buffer(b);
      c.line(cat(field(b, buf.name), "[", b.arg, " % ", buf.size_macro, "] = (UCHAR)(",
                 value_expr(b), ");"));
      break;
    }
    case 4: {
      const Buffer& buf = buffer(b);
      c.line(cat("RtlZeroMemory(", field(b, buf.name), ", sizeof(", field(b, buf.name), "));"));
      break;
    }
    case 5:
      c.line(cat("InterlockedIncrement(&", counter(b), ");"));
      break;
    case 6:
      c.line(cat("InterlockedExchange(&", counter(b), ", ", value_expr(b), ");"));
      break;
    case 7:
      c.line(cat("NT_ASSERT(", counter(b), " >= 0);"));
      break;
    case 8:
      c.line(cat("// ", r.pick(kComments)));
      break;
    case 9: {
      const Buffer& a = buffer(b);
      const Buffer& z = buffer(b);
      c.line(cat("RtlCopyMemory(", field(b, a.name), ", ", field(b, z.name), ", min(", a.size_macro,
                 ", ", z.size_macro, "));"));
      break;
    }
    default:
      emit_trace(c, b);
      break;
  }
}

void emit_statement(Code& c, Body& b, int depth);

void emit_block(Code& c, Body& b, int depth, int count) {
  for (int i = 0; i < count; ++i) emit_statement(c, b, depth);
}

// A call to an earlier helper that may run here: none that is pageable at DISPATCH_LEVEL.
bool emit_call(Code& c, Body& b, int depth) {
  if (b.callable == 0) return false;
  Rng& r = *b.rng;
  const Helper* h = nullptr;
  for (int tries = 0; tries < 4 && !h; ++tries) {
    const Helper& cand = b.d->helpers[r.below(b.callable)];
    // Resident code may be reached at DISPATCH_LEVEL, so only pageable code calls pageable
    // helpers, and never under a lock: the corpus is a correct driver, not a list of bugs.
    bool allowed = !cand.paged || (b.paged && b.lock_depth == 0);
    if (allowed) h = &cand;
  }
  if (!h) return false;
  std::string args = cat(b.ctx, ", ", value_expr(b));
  if (h->shape == Shape::Void) {
    c.line(cat(h->name, "(", args, ");"));
  } else if (h->shape == Shape::Bool) {
    open_block(c, b, cat("if (", r.chance(50) ? "" : "!", h->name, "(", args, "))"));
    emit_block(c, b, depth + 1, r.range(1, 2));
    close_block(c);
  } else {
    b.uses_status = true;
    c.line(cat("status = ", h->name, "(", args, ");"));
    open_block(c, b, "if (!NT_SUCCESS(status))");
    if (r.chance(40)) emit_trace(c, b);
    emit_bail(c, b);
    close_block(c);
  }
  return true;
}

void emit_if(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  open_block(c, b, cat("if (", condition(b), ")"));
  emit_block(c, b, depth + 1, r.range(1, 3));
  if (b.loop_depth > 0 && r.chance(15)) c.line(r.chance(50) ? "break;" : "continue;");
  int elses = r.chance(45) ? r.range(1, 3) : 0;
  for (int i = 0; i < elses; ++i) {
    bool last = i + 1 == elses && r.chance(60);
    else_block(c, b, last ? "else" : cat("else if (", condition(b), ")"));
    emit_block(c, b, depth + 1, r.range(1, 3));
    if (last) break;
  }
  close_block(c);
}

void emit_loop(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  b.uses_index = true;
  ++b.loop_depth;
  switch (r.below(3)) {
    case 0: {
      const Buffer& buf = buffer(b);
      open_block(
          c, b,
          cat("for (index = 0; index < ", r.chance(50) ? buf.size_macro : b.arg, "; index++)"));
      emit_block(c, b, depth + 1, r.range(1, 4));
      close_block(c);
      break;
    }
    case 1:
      c.line(cat("index = ", r.range(2, 32), ";"));
      open_block(c, b, cat("while (index > 0 && ", condition(b), ")"));
      emit_block(c, b, depth + 1, r.range(1, 3));
      c.line("index--;");
      close_block(c);
      break;
    default:
      c.line(cat("index = ", b.arg, ";"));
      c.line("do {");
      c.in();
      emit_block(c, b, depth + 1, r.range(1, 3));
      c.out();
      c.line(cat("} while (index-- > ", r.range(0, 4), ");"));
      break;
  }
  --b.loop_depth;
}

void emit_switch(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  bool on_state = r.chance(40);
  int cases = r.range(2, on_state ? static_cast<int>(b.d->states.size()) : 6);
  open_block(c, b,
             on_state ? cat("switch (", field(b, b.d->state), ")")
                      : cat("switch (", b.arg, " & ", hex(7), ")"));
  // Case labels sit one level in from the switch, as the WDK samples indent them.
  for (int i = 0; i < cases; ++i) {
    c.line(cat("case ", on_state ? b.d->states[static_cast<size_t>(i)] : std::to_string(i), ":"));
    c.in();
    emit_block(c, b, depth + 1, r.range(1, 3));
    c.line("break;");
    c.out();
  }
  c.line("default:");
  c.in();
  if (r.chance(50)) emit_simple(c, b);
  c.line("break;");
  c.out();
  close_block(c);
}

void emit_list_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  if (r.chance(50)) {
    b.uses_entry = true;
    c.line(cat("entry = (", d.entry_ptr, ")ExAllocatePool2(POOL_FLAG_NON_PAGED, sizeof(",
               d.entry_type, "), ", d.pool_tag, ");"));
    open_block(c, b, "if (entry != NULL)");
    c.line(cat("entry->Id = ", value_expr(b), ";"));
    c.line(cat("entry->Length = ", b.arg, ";"));
    c.line(cat("InsertTailList(&", field(b, d.list), ", &entry->Link);"));
    close_block(c);
  } else {
    b.uses_entry = b.uses_link = true;
    open_block(c, b,
               cat(r.chance(50) ? "if" : "while", " (!IsListEmpty(&", field(b, d.list), "))"));
    c.line(cat("link = RemoveHeadList(&", field(b, d.list), ");"));
    c.line(cat("entry = CONTAINING_RECORD(link, ", d.entry_type, ", Link);"));
    c.line(cat(counter(b), " -= 1;"));
    c.line(cat("ExFreePoolWithTag(entry, ", d.pool_tag, ");"));
    close_block(c);
  }
}

// A spin-lock region: raises to DISPATCH_LEVEL, so what runs inside must be resident.
void emit_lock_region(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  std::string acquire, release;
  size_t kind = r.below(d.fw == Framework::Kmdf ? 4 : 3);
  if (!b.self_lock.empty() && kind == 3) kind = 0;
  std::string lock = b.self_lock.empty() ? cat("&", field(b, d.lock)) : cat("&", b.self_lock);
  if (kind == 0 && b.dispatch) {
    acquire = cat("KeAcquireSpinLockAtDpcLevel(", lock, ");");
    release = cat("KeReleaseSpinLockFromDpcLevel(", lock, ");");
  } else if (kind == 0 || kind == 1) {
    b.uses_old_irql = true;
    acquire = cat("KeAcquireSpinLock(", lock, ", &oldIrql);");
    release = cat("KeReleaseSpinLock(", lock, ", oldIrql);");
  } else if (kind == 2) {
    b.uses_lock_handle = true;
    std::string suffix = b.dispatch ? "AtDpcLevel" : "";
    acquire =
        cat("KeAcquireInStackQueuedSpinLock", suffix, "(&", field(b, d.qlock), ", &lockHandle);");
    release =
        cat("KeReleaseInStackQueuedSpinLock", b.dispatch ? "FromDpcLevel" : "", "(&lockHandle);");
  } else {
    acquire = cat("WdfSpinLockAcquire(", field(b, d.wdflock), ");");
    release = cat("WdfSpinLockRelease(", field(b, d.wdflock), ");");
  }
  c.line(acquire);
  ++b.lock_depth;
  int n = r.range(1, 4);
  for (int i = 0; i < n; ++i) {
    size_t what = r.below(10);
    if (what < 3)
      emit_list_op(c, b);
    else if (what < 5 && depth < 3)
      emit_if(c, b, depth + 1);
    else if (what < 6)
      emit_call(c, b, depth + 1);
    else
      emit_simple(c, b);
  }
  --b.lock_depth;
  c.line(release);
}

// PASSIVE_LEVEL work that only pageable code does: waiting, paged pool, delays.
void emit_passive_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  switch (r.below(3)) {
    case 0:
      b.uses_status = true;
      c.line(cat("status = KeWaitForSingleObject(&", field(b, d.event),
                 ", Executive, KernelMode, FALSE, NULL);"));
      break;
    case 1:
      b.uses_buffer = true;
      c.line(cat("buffer = ExAllocatePool2(POOL_FLAG_PAGED, ", value_expr(b), " * sizeof(ULONG), ",
                 d.pool_tag, ");"));
      open_block(c, b, "if (buffer == NULL)");
      b.uses_status = true;
      c.line("status = STATUS_INSUFFICIENT_RESOURCES;");
      emit_bail(c, b);
      close_block(c);
      c.line(cat("RtlFillMemory(buffer, ", b.arg, " * sizeof(ULONG), ",
                 hex(static_cast<unsigned>(r.range(0, 255))), ");"));
      c.line(cat("ExFreePoolWithTag(buffer, ", d.pool_tag, ");"));
      break;
    default:
      b.uses_interval = true;
      c.line(cat("interval.QuadPart = -10 * 1000 * (LONGLONG)", r.range(1, 50), ";"));
      c.line("KeDelayExecutionThread(KernelMode, FALSE, &interval);");
      break;
  }
}

// Work done from resident code: kick the DPC, arm the timer, signal the event.
void emit_resident_op(Code& c, Body& b) {
  Rng& r = *b.rng;
  const Driver& d = *b.d;
  switch (r.below(3)) {
    case 0:
      c.line(cat("KeInsertQueueDpc(&", field(b, d.dpc), ", NULL, NULL);"));
      break;
    case 1:
      b.uses_interval = true;
      c.line(cat("interval.QuadPart = -10 * 1000 * (LONGLONG)", r.range(1, 100), ";"));
      c.line(cat("KeSetTimer(&", field(b, d.timer), ", interval, &", field(b, d.dpc), ");"));
      break;
    default:
      c.line(cat("KeSetEvent(&", field(b, d.event), ", IO_NO_INCREMENT, FALSE);"));
      break;
  }
}

void emit_statement(Code& c, Body& b, int depth) {
  Rng& r = *b.rng;
  // Deeper blocks lean to simple statements, which keeps nesting at the depth of real code.
  size_t roll = r.below(100);
  if (depth >= 4) roll = roll % 40;
  if (roll < 34) return emit_simple(c, b);
  if (roll < 38) {
    if (b.lock_depth == 0 && b.loop_depth == 0 && r.chance(30)) c.blank();
    return emit_simple(c, b);
  }
  if (roll < 56) {
    if (!emit_call(c, b, depth)) emit_simple(c, b);
    return;
  }
  if (roll < 70) return emit_if(c, b, depth);
  if (roll < 78) return depth < 3 ? emit_loop(c, b, depth) : emit_simple(c, b);
  if (roll < 83) return depth < 3 ? emit_switch(c, b, depth) : emit_simple(c, b);
  if (roll < 90) {
    if (!b.paged && b.lock_depth == 0 && depth < 3) return emit_lock_region(c, b, depth);
    return emit_simple(c, b);
  }
  if (roll < 94) return b.paged ? emit_passive_op(c, b) : emit_resident_op(c, b);
  emit_list_op(c, b);
}

void declare_locals(Code& c, const Body& b, bool status_declared) {
  const Driver& d = *b.d;
  if (b.uses_status && !status_declared) c.line("NTSTATUS status = STATUS_SUCCESS;");
  if (b.uses_index) c.line("ULONG index;");
  if (b.uses_old_irql) c.line("KIRQL oldIrql;");
  if (b.uses_lock_handle) c.line("KLOCK_QUEUE_HANDLE lockHandle;");
  if (b.uses_entry) c.line(cat(d.entry_ptr, " entry;"));
  if (b.uses_link) c.line("PLIST_ENTRY link;");
  if (b.uses_buffer) c.line("PVOID buffer;");
  if (b.uses_interval) c.line("LARGE_INTEGER interval;");
}

}  // namespace pwgen
