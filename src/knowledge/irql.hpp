// IRQL levels as pagewise reasons about them: ordered, so "the highest IRQL a function can run
// at" is a max.
#pragma once

#include <cstdint>
#include <string_view>

namespace pagewise {

enum class Irql : uint8_t { Passive = 0, Apc = 1, Dispatch = 2, Dirql = 3, High = 4 };

const char* irql_name(Irql l);  // "PASSIVE_LEVEL", ...

// PASSIVE_LEVEL, APC_LEVEL, DISPATCH_LEVEL, DPC_LEVEL, HIGH_LEVEL, PROFILE_LEVEL, CLOCK_LEVEL,
// IPI_LEVEL, POWER_LEVEL, SYNCH_LEVEL, and the numbers 0..31. False when the text is something
// else (a variable, DIRQL of an unknown device).
bool parse_irql(std::string_view text, Irql* out);

// A routine or macro that returns the current IRQL (KeGetCurrentIrql, NDIS_CURRENT_IRQL): a test
// of its value guards the code it controls.
struct CurrentIrqlReader {
  const char* name;
  const char* source;
};
const CurrentIrqlReader* find_current_irql_reader(std::string_view name);

// A routine that stores the IRQL current at the call through a pointer argument (its OldIrql):
// the variable it fills holds that IRQL, so a later test of the variable tests it.
struct IrqlSaver {
  const char* name;
  int arg;  // 0-based: the PKIRQL argument
  const char* source;
};
const IrqlSaver* find_irql_saver(std::string_view name);

// A release that returns the IRQL to a level saved by someone other than the function releasing:
// after it the code runs at that saver's IRQL, which the documentation bounds by `max` but does
// not make certain (a cancel routine's IoReleaseCancelSpinLock(Irp->CancelIrql)).
struct ForeignIrqlRestore {
  const char* name;
  Irql max;
  const char* whose;  // whose IRQL it restores, for messages
  const char* source;
};
const ForeignIrqlRestore* find_foreign_irql_restore(std::string_view name);

}  // namespace pagewise
