#include "knowledge/irql.hpp"

#include "text/text.hpp"

namespace pagewise {

namespace {

struct NamedLevel {
  std::string_view name;
  Irql level;
};

// The symbolic levels of wdm.h. The numbers behind PROFILE/CLOCK/IPI/POWER/HIGH differ between
// x86 (27..31) and x64 (13..15), but every one of them is above any device's DIRQL band or at its
// top, so they all count as High. SYNCH_LEVEL sits above DISPATCH_LEVEL but below the clock
// (x64: IPI_LEVEL - 2, reactos/reactos: sdk/include/xdk/amd64/ke.h), so it counts as Dirql.
constexpr NamedLevel kNamedLevels[] = {
    {"PASSIVE_LEVEL", Irql::Passive},   {"LOW_LEVEL", Irql::Passive},  {"APC_LEVEL", Irql::Apc},
    {"DISPATCH_LEVEL", Irql::Dispatch}, {"DPC_LEVEL", Irql::Dispatch}, {"SYNCH_LEVEL", Irql::Dirql},
    {"PROFILE_LEVEL", Irql::High},      {"CLOCK_LEVEL", Irql::High},   {"CLOCK1_LEVEL", Irql::High},
    {"CLOCK2_LEVEL", Irql::High},       {"IPI_LEVEL", Irql::High},     {"POWER_LEVEL", Irql::High},
    {"HIGH_LEVEL", Irql::High},
};

// True when the '(' at s[0] is closed by the ')' at the end of s, so "(A)" unwraps but
// "(A) + (B)" does not.
bool wrapped_in_parens(std::string_view s) {
  if (s.size() < 2 || s.front() != '(' || s.back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '(') ++depth;
    if (s[i] == ')' && --depth == 0) return i + 1 == s.size();
  }
  return false;
}

// x86 numbering (reactos/reactos: sdk/include/xdk/x86/ke.h): 3..26 are device levels, 27..31
// profile, clock, IPI, power and high.
bool level_from_number(std::string_view digits, Irql* out) {
  if (digits.empty() || digits.size() > 2) return false;
  unsigned value = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return false;
    value = value * 10 + unsigned(c - '0');
  }
  if (value > 31) return false;
  if (value == 0)
    *out = Irql::Passive;
  else if (value == 1)
    *out = Irql::Apc;
  else if (value == 2)
    *out = Irql::Dispatch;
  else if (value <= 26)
    *out = Irql::Dirql;
  else
    *out = Irql::High;
  return true;
}

}  // namespace

const char* irql_name(Irql l) {
  switch (l) {
    case Irql::Passive:
      return "PASSIVE_LEVEL";
    case Irql::Apc:
      return "APC_LEVEL";
    case Irql::Dispatch:
      return "DISPATCH_LEVEL";
    case Irql::Dirql:
      return "DIRQL";
    case Irql::High:
      return "HIGH_LEVEL";
  }
  return "?";
}

constexpr CurrentIrqlReader kCurrentIrqlReaders[] = {
    {"KeGetCurrentIrql",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-kegetcurrentirql"},
    {"NDIS_CURRENT_IRQL",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/ndis/nf-ndis-ndis_current_irql"},
};

const CurrentIrqlReader* find_current_irql_reader(std::string_view name) {
  for (const CurrentIrqlReader& r : kCurrentIrqlReaders)
    if (name == r.name) return &r;
  return nullptr;
}

constexpr IrqlSaver kIrqlSavers[] = {
    // "OldIrql: Pointer to a KIRQL variable in which the current IRQL is saved".
    {"KeAcquireSpinLock", 1,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keacquirespinlock"},
    {"KeRaiseIrql", 1,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-keraiseirql"},
    // "Irql: Pointer to a variable in which to save the current IRQL".
    {"IoAcquireCancelSpinLock", 0,
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-ioacquirecancelspinlock"},
};

const IrqlSaver* find_irql_saver(std::string_view name) {
  for (const IrqlSaver& s : kIrqlSavers)
    if (name == s.name) return &s;
  return nullptr;
}

// A Cancel routine is called holding the cancel spin lock, at DISPATCH_LEVEL; releasing it
// "restores the original IRQL of the caller" (nf-wdm-ioreleasecancelspinlock), the IRQL saved in
// Irp->CancelIrql by IoCancelIrp, whose callers run at <= DISPATCH_LEVEL (its Requirements).
constexpr ForeignIrqlRestore kForeignIrqlRestores[] = {
    {"IoReleaseCancelSpinLock", Irql::Dispatch, "the IRQL of whoever called IoCancelIrp",
     "https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/nf-wdm-iocancelirp"},
};

const ForeignIrqlRestore* find_foreign_irql_restore(std::string_view name) {
  for (const ForeignIrqlRestore& r : kForeignIrqlRestores)
    if (name == r.name) return &r;
  return nullptr;
}

bool parse_irql(std::string_view text, Irql* out) {
  std::string_view s = trim(text);
  while (wrapped_in_parens(s)) s = trim(s.substr(1, s.size() - 2));
  if (s.empty()) return false;
  for (const NamedLevel& n : kNamedLevels) {
    if (s == n.name) {
      *out = n.level;
      return true;
    }
  }
  return level_from_number(s, out);
}

}  // namespace pagewise
