// resident/paged-data: "Anything that can page-fault must run below DISPATCH_LEVEL: pageable data
// (PAGEDATA/PAGEBSS globals, paged pool, unlocked user buffers) must not be touched at
// DISPATCH_LEVEL or under a spin lock, and kernel synchronization objects must never live in
// pageable memory, since the kernel touches them at raised IRQL."
// Sources:
// https://learn.microsoft.com/windows-hardware/drivers/kernel/when-should-code-and-data-be-pageable-
// https://learn.microsoft.com/windows-hardware/drivers/devtest/force-irql-checking
// https://learn.microsoft.com/windows-hardware/drivers/ddi/wdm/ne-wdm-_pool_type
// https://learn.microsoft.com/windows-hardware/drivers/kernel/using-neither-buffered-nor-direct-i-o
// paging-rules.md §2.1, §6.1, §6.2.

#include <map>
#include <optional>
#include <set>

#include "analysis/evidence.hpp"
#include "analysis/resolve.hpp"
#include "knowledge/limits.hpp"
#include "rules/rule.hpp"

namespace pagewise {

namespace {

// Where a name's memory can be paged out, and the step that shows it.
struct PagedName {
  std::string why;
  std::string file;
  Pos pos;
};

struct PagedFacts {
  std::map<std::string, PagedName> globals;  // paged global data and globals holding paged pool
  std::map<std::string, PagedName> fields;   // structure fields holding paged pool
  std::set<std::string> nonpaged_fields;     // also assigned nonpaged memory somewhere: ambiguous
};

PagedFacts collect(const Model& m) {
  const Program& p = m.program;
  PagedFacts out;
  std::set<std::string> global_names;
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->data.size(); ++i) {
      const DataItem& d = p.files[f]->data[i];
      if (p.by_name.count(d.name)) continue;
      global_names.insert(d.name);
      const Placement& pl = p.data_placement[f][i];
      bool locked_while_open = false;
      for (const SectionLock& l : m.section_locks)
        locked_while_open |= l.section == pl.section && l.while_open;
      // A data section locked where the device opens stays in memory while it can be used.
      if (pl.cls == SectionClass::Pageable && !locked_while_open)
        out.globals[d.name] = {"'" + d.name + "' is in pageable data section " + pl.section,
                               p.path(f), d.pos};
    }
  // Memory from paged pool, stored in a global or a structure field.
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (const Function& fn : p.files[f]->functions) {
      for (const Call& c : fn.calls) {
        const PoolApi* api = find_pool_api(c.callee);
        if (!api) continue;
        // Lookaside-list set-up returns a status, not memory: only allocations are followed.
        if (std::string_view(api->name).find("Lookaside") != std::string_view::npos &&
            api->kind != PoolApi::Kind::AlwaysPaged)
          continue;
        bool paged = api->kind == PoolApi::Kind::AlwaysPaged ||
                     (api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size() &&
                      allocates_paged_pool(*api, c.args[api->arg]));
        std::string target;
        if (api->result_arg >= 0 && static_cast<size_t>(api->result_arg) < c.args.size()) {
          target = strip_address_of(c.args[api->result_arg]);
        } else {
          // `x = ExAllocatePool2(...)`: the assignment on the same line whose value is this call.
          for (const Assignment& a : fn.assignments)
            if (a.pos.line <= c.pos.line && c.pos.line <= a.pos.line + 2 &&
                a.rhs.find(c.callee) != std::string::npos)
              target = a.lhs;
        }
        if (target.empty()) continue;
        bool field =
            target.find("->") != std::string::npos || target.find('.') != std::string::npos;
        if (!field && !global_names.count(target) && paged) {
          // A local: follow it into a field or global it is stored in (`ext->Log = log;`).
          for (const Assignment& a : fn.assignments) {
            if (a.pos.offset <= c.pos.offset || plain_name(a.rhs) != target) continue;
            bool to_field =
                a.lhs.find("->") != std::string::npos || a.lhs.find('.') != std::string::npos;
            std::string how = "'" + a.lhs + "' receives paged pool from " + c.callee +
                              " through '" + target + "'";
            if (to_field)
              out.fields.emplace(last_member(a.lhs), PagedName{how, p.path(f), a.pos});
            else if (global_names.count(a.lhs))
              out.globals.emplace(a.lhs, PagedName{how, p.path(f), a.pos});
          }
          continue;
        }
        std::string why =
            "'" + target + "' receives paged pool from " + c.callee + "(" +
            (api->arg >= 0 && static_cast<size_t>(api->arg) < c.args.size() ? c.args[api->arg]
                                                                            : "") +
            ")";
        if (field) {
          std::string name = last_member(target);
          if (paged)
            out.fields.emplace(name, PagedName{why, p.path(f), c.pos});
          else
            out.nonpaged_fields.insert(name);
        } else if (paged && global_names.count(target)) {
          out.globals.emplace(target, PagedName{why, p.path(f), c.pos});
        }
      }
    }
  // A field name that also receives other values (`Irp->IoStatus.Information = 0` next to
  // `ctx->Information = ExAllocatePool2(POOL_FLAG_PAGED, ...)`) names several fields: matched by
  // name alone it would be a guess, so it is dropped. NULL and 0 (clearing a freed buffer) are
  // fine.
  for (const FileFacts* ff : p.files)
    for (const Function& fn : ff->functions)
      for (const Assignment& a : fn.assignments) {
        if (a.op != "=" || a.lhs.find_first_of(".>") == std::string::npos) continue;
        std::string name = last_member(a.lhs);
        auto it = out.fields.find(name);
        if (it == out.fields.end()) continue;
        std::string rhs = a.rhs;
        if (rhs == "NULL" || rhs == "0" || rhs == "nullptr" || rhs == "(PVOID)NULL") continue;
        bool allocation = false;
        for (const Call& c : fn.calls)
          if (find_pool_api(c.callee) && rhs.find(c.callee) != std::string::npos) allocation = true;
        if (allocation || it->second.why.find("'" + a.lhs + "'") != std::string::npos) continue;
        if (it->second.file == ff->path && it->second.pos.line == a.pos.line) continue;
        out.nonpaged_fields.insert(name);
      }
  for (const std::string& n : out.nonpaged_fields) out.fields.erase(n);
  return out;
}

// User buffers of neither-buffered-nor-direct I/O: valid only in the requester's thread, at
// PASSIVE_LEVEL, unless locked.
bool is_user_buffer_field(const std::string& name) {
  return name == "UserBuffer" || name == "Type3InputBuffer";
}

void check_paged_data(const Model& m, std::vector<Finding>& out) {
  const Program& p = m.program;
  PagedFacts facts = collect(m);

  // Synchronization objects in pageable data sections, directly or as members of a structure;
  // in a driver that pages itself entirely (MmPageEntireDriver), every section is pageable.
  bool pages_itself = false;
  for (const auto& file : m.inferred)
    for (const FunctionInference& inf : file)
      for (const ApiCall& c : inf.api_calls) {
        const SectionApi* api = find_section_api(c.callee);
        pages_itself |= api && api->kind == SectionApi::Kind::PageEntireDriver;
      }
  auto holds_sync_object = [&](const std::string& type) {
    if (is_sync_object_type(type)) return true;
    for (const FileFacts* ff : p.files)
      for (const ClassDecl& c : ff->classes) {
        bool named = c.name == type;
        for (const std::string& a : c.aliases) named |= a == type;
        if (!named) continue;
        for (const std::string& t : c.field_types)
          if (is_sync_object_type(t)) return true;
      }
    return false;
  };
  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->data.size(); ++i) {
      const DataItem& d = p.files[f]->data[i];
      const Placement& pl = p.data_placement[f][i];
      if (d.is_extern || d.is_pointer || p.by_name.count(d.name)) continue;
      bool pageable =
          pl.cls == SectionClass::Pageable || (pages_itself && pl.cls == SectionClass::Resident);
      if (!pageable || !holds_sync_object(d.type)) continue;
      Finding fi;
      fi.rule_id = "resident/paged-data";
      fi.severity = Severity::Error;
      fi.file = p.path(f);
      fi.pos = d.pos;
      fi.unit = p.unit->name;
      fi.message =
          "'" + d.name + "' (" + d.type + ") holds a kernel synchronization object but is in " +
          (pl.cls == SectionClass::Pageable
               ? "pageable data section " + pl.section
               : pl.section + ", which MmPageEntireDriver makes pageable") +
          ": the kernel touches synchronization objects at raised IRQL, so they must be resident; "
          "move it to nonpaged memory (a nonpaged pool allocation, or a resident section)";
      fi.evidence = placement_evidence(p, pl);
      out.push_back(std::move(fi));
    }

  if (facts.globals.empty() && facts.fields.empty()) {
    bool any_user_buffer = false;
    for (const std::string& n : std::set<std::string>{"UserBuffer", "Type3InputBuffer"})
      for (const FileFacts* ff : p.files)
        for (const std::string& name : ff->names)
          if (name == n) any_user_buffer = true;
    if (!any_user_buffer) return;
  }

  for (uint32_t f = 0; f < p.files.size(); ++f)
    for (uint32_t i = 0; i < p.files[f]->functions.size(); ++i) {
      FunctionId id{f, i};
      const Function& fn = p.function(id);
      const FunctionInference& inf = m.at(id);
      const FileFacts& ff = *p.files[f];
      bool entry_certain = inf.certain.set && inf.certain.level >= Irql::Dispatch;
      bool entry_possible = inf.possible.set && inf.possible.level >= Irql::Dispatch;
      std::map<uint32_t, const RaisedUse*> raised;
      for (const RaisedUse& r : inf.raised_uses)
        if (r.local >= Irql::Dispatch) raised[r.use] = &r;
      std::set<std::string> reported;  // one finding per name per function
      for (uint32_t u = 0; u < fn.uses.size(); ++u) {
        const NameUse& use = fn.uses[u];
        const std::string& name = ff.names[use.name];
        std::optional<PagedName> paged;
        bool user_buffer = false;
        if (use.field) {
          auto it = facts.fields.find(name);
          if (it != facts.fields.end())
            paged = it->second;
          else if (is_user_buffer_field(name)) {
            // Setting up an IRP for a lower driver (`next->...Type3InputBuffer = kernelPtr`) is
            // not touching a user buffer.
            user_buffer = true;
            for (const Assignment& a : fn.assignments)
              if (a.pos.line == use.pos.line && last_member(a.lhs) == name &&
                  a.lhs.front() != '*' && a.lhs.find('[') == std::string::npos)
                user_buffer = false;
            if (!user_buffer) continue;
          }
        } else {
          auto it = facts.globals.find(name);
          if (it != facts.globals.end()) paged = it->second;
        }
        if (!paged && !user_buffer) continue;
        auto r = raised.find(u);
        bool under_lock = r != raised.end();
        if (!under_lock && !entry_certain && !entry_possible) continue;
        // Irp->UserBuffer and Type3InputBuffer hold user addresses only for requests from user
        // mode (internal device controls carry kernel buffers there): only a certain raised path
        // is reported, not one a callback's contract merely allows.
        if (user_buffer && !under_lock && !entry_certain) continue;
        if (!reported.insert(name).second) continue;
        bool certain = under_lock || entry_certain;
        Finding fi;
        fi.rule_id = "resident/paged-data";
        fi.severity = certain ? Severity::Error : Severity::Warning;
        fi.file = p.path(f);
        fi.pos = use.pos;
        fi.function = fn.name;
        fi.unit = p.unit->name;
        std::string when =
            under_lock ? "while holding " + (r->second->lock.empty() ? std::string("a spin lock")
                                                                     : r->second->lock)
                       : "in '" + fn.name + "', which can run at " +
                             irql_name((entry_certain ? inf.certain : inf.possible).level);
        if (user_buffer)
          fi.message =
              "'" + name +
              "' (a user-mode buffer, valid only in the requesting thread and pageable) is "
              "touched " +
              when + "; probe and lock it (MmProbeAndLockPages) or copy it at PASSIVE_LEVEL first";
        else
          fi.message = "'" + name + "' can be paged out but is touched " + when +
                       ": a page fault there is a bug check; keep it in nonpaged memory";
        if (paged) fi.evidence.push_back({paged->file, paged->pos, paged->why});
        if (under_lock)
          fi.evidence.push_back({p.path(f), r->second->lock_pos,
                                 r->second->lock + " acquired by " + r->second->lock_api});
        else
          for (EvidenceStep& s : irql_path(m, id, entry_certain))
            fi.evidence.push_back(std::move(s));
        out.push_back(std::move(fi));
      }
    }
}

}  // namespace

void add_paged_data_rules(std::vector<Rule>& rules) {
  rules.push_back(
      {{"resident/paged-data", Severity::Error,
        "paged data touched at >= DISPATCH_LEVEL or under a spin lock",
        "Globals in PAGEDATA/PAGEBSS sections, memory from paged pool and user buffers of "
        "METHOD_NEITHER requests can be paged out; touching them at DISPATCH_LEVEL or while "
        "holding a spin lock is a bug check when the page is out. Kernel synchronization "
        "objects (KSPIN_LOCK, KEVENT, KTIMER, ...) must never be in pageable memory.",
        "docs/rules/resident-paged-data.md"},
       check_paged_data});
}

}  // namespace pagewise
