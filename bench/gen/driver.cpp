#include "gen/driver.hpp"

#include "gen/vocabulary.hpp"

namespace pwgen {

std::string unique_name(Driver& d, Rng& rng, std::string_view middle) {
  for (int tries = 0;; ++tries) {
    std::string n = cat(d.prefix, middle, rng.pick(kNouns), rng.pick(kVerbs));
    if (tries > 20) n += std::to_string(d.names.size());
    if (d.names.insert(n).second) return n;
  }
}

Driver plan_driver(int index, Rng& rng) {
  Driver d;
  std::string company(rng.pick(kCompanies));
  std::string kind(rng.pick(kDeviceKinds));
  d.title = company + kind;
  d.prefix = company.substr(0, 2) + kind.substr(0, std::min<size_t>(3, kind.size()));
  d.prefix[2] = static_cast<char>(d.prefix[2] >= 'a' ? d.prefix[2] - 'a' + 'A' : d.prefix[2]);
  d.up =
      upper(company.substr(0, 2)) + "_" + upper(kind.substr(0, std::min<size_t>(3, kind.size())));
  char dirname[96];
  std::snprintf(dirname, sizeof dirname, "%04d-%s", index, lower(d.title).c_str());
  d.dir = dirname;
  d.fw = rng.chance(50) ? Framework::Kmdf : Framework::Wdm;
  d.cpp = rng.chance(35);
  d.ext = d.cpp ? ".cpp" : ".c";
  d.allman = rng.chance(30);
  d.use_decl = rng.chance(70);
  d.wpp = d.fw == Framework::Kmdf && rng.chance(50);
  d.ctx_type = d.up + (d.fw == Framework::Kmdf ? "_DEVICE_CONTEXT" : "_DEVICE_EXTENSION");
  d.ctx_ptr = "P" + d.ctx_type;
  d.ctx_param =
      rng.pick(std::array<std::string_view, 4>{"DeviceContext", "DevExt", "Context", "Extension"});
  d.ctx_getter = d.prefix + "GetDeviceContext";
  std::string entry_noun(rng.pick(
      std::array<std::string_view, 5>{"Request", "Packet", "Transfer", "WorkItem", "Command"}));
  d.entry_type = d.up + "_" + upper(entry_noun);
  d.entry_ptr = "P" + d.entry_type;
  d.state_type = d.up + "_STATE";
  for (const std::string& s : pick_distinct(rng, kStateNames, static_cast<size_t>(rng.range(3, 6))))
    d.states.push_back(d.up + "_STATE_" + upper(s));
  d.pool_tag = d.up + "_POOL_TAG";
  static constexpr std::array<std::string_view, 3> kPaged = {"PAGED_CODE_SEG", "_PAGED",
                                                             "_PAGEABLE"};
  static constexpr std::array<std::string_view, 3> kInit = {"INIT_CODE_SEG", "_INIT", "_INITCODE"};
  size_t style = rng.below(3);
  d.paged_macro = style == 0 ? std::string(kPaged[0]) : d.up + std::string(kPaged[style]);
  d.init_macro = style == 0 ? std::string(kInit[0]) : d.up + std::string(kInit[style]);
  d.lock = rng.pick(kLockFields);
  d.qlock = rng.pick(kQueuedLockFields);
  d.wdflock = rng.pick(kWdfLockFields);
  d.dpc = rng.pick(kDpcFields);
  d.timer = rng.pick(kTimerFields);
  d.event = rng.pick(kEventFields);
  d.list = rng.pick(kListFields);
  d.state = rng.chance(50) ? "State" : "DeviceState";
  d.last_status = rng.chance(50) ? "LastStatus" : "LastError";
  d.counters = pick_distinct(rng, kCounterFields, static_cast<size_t>(rng.range(4, 9)));
  d.flags = pick_distinct(rng, kFlagFields, static_cast<size_t>(rng.range(3, 6)));
  for (const std::string& b :
       pick_distinct(rng, kBufferFields, static_cast<size_t>(rng.range(2, 4))))
    d.buffers.push_back({b, d.up + "_" + upper(b) + "_SIZE", 8 << rng.range(0, 5)});
  for (const std::string& s : pick_distinct(rng, kIoctlNames, static_cast<size_t>(rng.range(3, 8))))
    d.ioctls.push_back("IOCTL_" + d.up + "_" + s);
  d.names.insert("DriverEntry");
  return d;
}

}  // namespace pwgen
