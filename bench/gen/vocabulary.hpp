// The words generated drivers are made of: names, fields, comments.
#pragma once

#include <string_view>

namespace pwgen {

inline constexpr std::string_view kCompanies[] = {
    "Contoso",    "Fabrikam",     "Northwind", "Tailspin", "Woodgrove", "Litware", "Adatum",
    "Proseware",  "Wingtip",      "Lucerne",   "Coho",     "Alpine",    "Trey",    "Humongous",
    "Margie",     "Datum",        "Relecloud", "Wide",     "Blue",      "Fourth",  "Graphic",
    "Southridge", "Consolidated", "Lamna",     "Tasmanian"};
inline constexpr std::string_view kDeviceKinds[] = {
    "Serial", "Usb",     "Pci",       "Nvme",    "Audio",   "Sensor",  "Gpio",   "I2c",
    "Spi",    "Hid",     "Net",       "Disk",    "Storage", "Filter",  "Bus",    "Camera",
    "Touch",  "Battery", "Thermal",   "Fan",     "Uart",    "Dma",     "Crypto", "Led",
    "Modem",  "Wlan",    "Smartcard", "Scanner", "Tpm",     "Keyboard"};
inline constexpr std::string_view kNouns[] = {
    "Queue",    "Buffer",     "Request",   "Packet", "Ring",     "Channel",     "Port",
    "Endpoint", "Register",   "Interrupt", "Timer",  "Context",  "Config",      "Table",
    "Entry",    "Descriptor", "Frame",     "Stream", "Session",  "Pipe",        "Block",
    "Sector",   "Page",       "Slot",      "Event",  "Counter",  "Stats",       "State",
    "Power",    "Resource",   "Adapter",   "Target", "Transfer", "Mailbox",     "Doorbell",
    "Fifo",     "Window",     "Lane",      "Link",   "Firmware", "Calibration", "Sample",
    "Command",  "Response",   "Capability"};
inline constexpr std::string_view kVerbs[] = {
    "Initialize", "Start",  "Stop",    "Reset",   "Process", "Handle",    "Complete", "Cancel",
    "Flush",      "Read",   "Write",   "Update",  "Query",   "Set",       "Get",      "Validate",
    "Allocate",   "Free",   "Release", "Submit",  "Prepare", "Configure", "Enable",   "Disable",
    "Copy",       "Map",    "Unmap",   "Track",   "Notify",  "Poll",      "Drain",    "Insert",
    "Remove",     "Lookup", "Load",    "Save",    "Refresh", "Arm",       "Disarm",   "Program",
    "Decode",     "Encode", "Check",   "Recover", "Retire",  "Schedule"};
inline constexpr std::string_view kCounterFields[] = {
    "ReadCount",  "WriteCount",       "OutstandingIo",  "PendingCount", "ErrorCount",
    "RetryCount", "BytesTransferred", "InterruptCount", "DpcCount",     "QueueDepth",
    "PeakDepth",  "ResetCount",       "TimeoutCount",   "DroppedCount", "SequenceNumber",
    "Generation", "ActiveRequests",   "CompletedCount", "OverrunCount", "WakeCount"};
inline constexpr std::string_view kFlagFields[] = {
    "Started",      "Stopping",  "Removed",       "SurpriseRemoved", "InterruptEnabled",
    "Paused",       "PowerDown", "HardwareReady", "Initialized",     "ResetPending",
    "ArmedForWake", "Draining",  "Throttled"};
inline constexpr std::string_view kBufferFields[] = {
    "Scratch",     "RegisterShadow", "History",     "TxBuffer", "RxBuffer",
    "ConfigSpace", "Mailbox",        "Descriptors", "EventLog", "Staging"};
inline constexpr std::string_view kLockFields[] = {"Lock", "SpinLock", "DeviceLock", "StateLock"};
inline constexpr std::string_view kQueuedLockFields[] = {"QueueLock", "ListLock", "RequestLock"};
inline constexpr std::string_view kWdfLockFields[] = {"WdfLock", "HistoryLock", "RequestSpinLock"};
inline constexpr std::string_view kDpcFields[] = {"Dpc", "CompletionDpc", "WorkDpc"};
inline constexpr std::string_view kTimerFields[] = {"Timer", "WatchdogTimer", "PollTimer"};
inline constexpr std::string_view kEventFields[] = {"StopEvent", "RemoveEvent", "IdleEvent",
                                                    "ReadyEvent"};
inline constexpr std::string_view kListFields[] = {"PendingList", "RequestList", "CompletionList",
                                                   "WorkList"};
inline constexpr std::string_view kStateNames[] = {"Idle",     "Starting", "Running", "Paused",
                                                   "Stopping", "Stopped",  "Failed",  "Removed"};
inline constexpr std::string_view kIoctlNames[] = {
    "GET_STATS",    "RESET",         "SET_CONFIG",    "GET_CONFIG",     "START_CAPTURE",
    "STOP_CAPTURE", "QUERY_VERSION", "READ_REGISTER", "WRITE_REGISTER", "FLUSH",
    "SET_MODE",     "GET_STATE",     "ARM_WAKE",      "CLEAR_ERRORS"};
inline constexpr std::string_view kParamNames[] = {"Count",   "Length", "Index", "Flags", "Value",
                                                   "Timeout", "Slot",   "Size",  "Mask",  "Offset"};
inline constexpr std::string_view kComments[] = {
    "The hardware latches the value on the next clock edge.",
    "Keep the counters consistent with what the DPC sees.",
    "A surprise removal may race with this path.",
    "Do not touch the registers once the device has left D0.",
    "Requests are completed outside the lock.",
    "The firmware expects the doorbell to be rung last.",
    "Retry a bounded number of times; the controller may be busy.",
    "This mirrors the sequence in the hardware specification.",
    "Only the low bits are meaningful here.",
    "Callers hold a reference on the device."};

}  // namespace pwgen
