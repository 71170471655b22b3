// Routines with an IRQL ceiling, allocation routines and the paged memory they return,
// synchronization object types, section-locking and power-pageability routines, as data
// (paging-rules.md §2.1, §2.4, §2.5, §4.2, §4.5, §6). Each IRQL below is the "Requirements → IRQL"
// entry of the routine's DDI page (MicrosoftDocs/windows-driver-docs-ddi, commit 6dcd4d9f).
#include "knowledge/limits.hpp"

#include <cstdint>
#include <unordered_map>
#include <vector>

#include "text/text.hpp"

namespace pagewise {

namespace {

using L = Irql;
using K = PoolApi::Kind;
using S = SectionApi::Kind;
using P = PowerPageabilityApi::Effect;

// --- Sources ------------------------------------------------------------------------------------
// PW_NF(wdm) "iocreatedevice" is the DDI page of IoCreateDevice in wdm.h.
#define PW_DDI "https://learn.microsoft.com/windows-hardware/drivers/ddi/"
#define PW_NF(header) PW_DDI #header "/nf-" #header "-"

// === Routines with an IRQL ceiling (§6.3) ======================================================
// Field order: name, max, source. A name ending in '*' is a prefix; its source is one page of the
// family, and every page of the family in the DDI snapshot states the same IRQL.
using C = IrqlLimitApi::Caveat;
constexpr IrqlLimitApi kIrqlLimitApis[] = {
    // --- Families ------------------------------------------------------------------------------
    // Every Zw* routine documented in wdm.h, ntddk.h and ntifs.h is PASSIVE_LEVEL.
    {"Zw*", L::Passive, PW_NF(wdm) "zwcreatefile"},
    // ntstrsafe.h: all RtlStringCb*, RtlStringCch* and RtlUnicodeString* routines.
    {"RtlStringCb*", L::Passive, PW_NF(ntstrsafe) "rtlstringcbcopyw"},
    {"RtlStringCch*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchcopyw"},
    // The copy and cat routines only touch the two buffers: RtlStringCchCopyW's page gives "any
    // level if the strings being manipulated are always resident in memory, otherwise
    // PASSIVE_LEVEL" (so does RtlStringCchCatA's), while other pages of the same routines still
    // say PASSIVE_LEVEL alone: docs/rules/resident-pageable-api.md says so.
    {"RtlStringCbCopy*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchcopyw", C::ResidentStrings},
    {"RtlStringCchCopy*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchcopyw", C::ResidentStrings},
    {"RtlStringCbCat*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchcata", C::ResidentStrings},
    {"RtlStringCchCat*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchcata", C::ResidentStrings},
    // The printf routines are documented PASSIVE_LEVEL without qualification; Microsoft's
    // explanation of why is the paged conversion tables that %s-style arguments use (Doron Holan,
    // "String buffers and IRQL", learn.microsoft.com/archive/blogs/doronh/string-buffers-and-irql).
    {"RtlStringCbPrintf*", L::Passive, PW_NF(ntstrsafe) "rtlstringcbprintfa", C::StringConversions},
    {"RtlStringCchPrintf*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchprintfa",
     C::StringConversions},
    {"RtlStringCbVPrintf*", L::Passive, PW_NF(ntstrsafe) "rtlstringcbvprintfa",
     C::StringConversions},
    {"RtlStringCchVPrintf*", L::Passive, PW_NF(ntstrsafe) "rtlstringcchvprintfa",
     C::StringConversions},
    // Also covers wdm.h's RtlUnicodeStringToAnsiString/ToAnsiSize/ToInteger/ToUTF8String
    // (PASSIVE_LEVEL); the ntifs.h ToOem* conversions are exact rows below.
    {"RtlUnicodeString*", L::Passive, PW_NF(ntstrsafe) "rtlunicodestringcopy"},
    {"WdfRegistry*", L::Passive, PW_NF(wdfregistry) "wdfregistryopenkey"},

    // --- PASSIVE_LEVEL: the routines paging-rules.md §6.3 names ----------------------------------
    {"IoGetDeviceProperty", L::Passive, PW_NF(wdm) "iogetdeviceproperty"},
    {"IoOpenDeviceRegistryKey", L::Passive, PW_NF(wdm) "ioopendeviceregistrykey"},
    {"IoRegisterDeviceInterface", L::Passive, PW_NF(wdm) "ioregisterdeviceinterface"},
    {"IoSetDeviceInterfaceState", L::Passive, PW_NF(wdm) "iosetdeviceinterfacestate"},
    {"IoGetDeviceObjectPointer", L::Passive, PW_NF(wdm) "iogetdeviceobjectpointer"},
    {"IoConnectInterrupt", L::Passive, PW_NF(wdm) "ioconnectinterrupt"},
    {"IoConnectInterruptEx", L::Passive, PW_NF(wdm) "ioconnectinterruptex"},
    {"IoDisconnectInterrupt", L::Passive, PW_NF(wdm) "iodisconnectinterrupt"},
    {"IoDisconnectInterruptEx", L::Passive, PW_NF(wdm) "iodisconnectinterruptex"},
    {"IoInitializeTimer", L::Passive, PW_NF(wdm) "ioinitializetimer"},
    {"PsCreateSystemThread", L::Passive, PW_NF(wdm) "pscreatesystemthread"},
    {"RtlQueryRegistryValues", L::Passive, PW_NF(wdm) "rtlqueryregistryvalues"},
    {"RtlWriteRegistryValue", L::Passive, PW_NF(wdm) "rtlwriteregistryvalue"},
    {"RtlCompareUnicodeString", L::Passive, PW_NF(wdm) "rtlcompareunicodestring"},
    {"RtlEqualUnicodeString", L::Passive, PW_NF(wdm) "rtlequalunicodestring"},
    {"MmGetSystemRoutineAddress", L::Passive, PW_NF(wdm) "mmgetsystemroutineaddress"},
    {"ObReferenceObjectByHandle", L::Passive, PW_NF(wdm) "obreferenceobjectbyhandle"},
    {"KeFlushQueuedDpcs", L::Passive, PW_NF(wdm) "keflushqueueddpcs"},

    // --- <= APC_LEVEL: the routines paging-rules.md §6.3 names ----------------------------------
    {"IoCreateDevice", L::Apc, PW_NF(wdm) "iocreatedevice"},
    {"IoDeleteDevice", L::Apc, PW_NF(wdm) "iodeletedevice"},
    {"IoBuildDeviceIoControlRequest", L::Apc, PW_NF(wdm) "iobuilddeviceiocontrolrequest"},
    {"IoBuildSynchronousFsdRequest", L::Apc, PW_NF(wdm) "iobuildsynchronousfsdrequest"},
    {"IoBuildAsynchronousFsdRequest", L::Apc, PW_NF(wdm) "iobuildasynchronousfsdrequest"},
    {"RtlUpcaseUnicodeString", L::Apc, PW_NF(ntddk) "rtlupcaseunicodestring"},
    {"IoGetDevicePropertyData", L::Apc, PW_NF(wdm) "iogetdevicepropertydata"},
    {"KeDelayExecutionThread", L::Apc, PW_NF(wdm) "kedelayexecutionthread"},
    {"ExAcquireFastMutex", L::Apc, PW_NF(wdm) "exacquirefastmutex"},
    {"MmLockPagableCodeSection", L::Apc, PW_NF(wdm) "mmlockpagablecodesection"},
    {"MmLockPagableDataSection", L::Apc, PW_NF(wdm) "mmlockpagabledatasection"},
    {"MmLockPagableSectionByHandle", L::Apc, PW_NF(ntddk) "mmlockpagablesectionbyhandle"},
    {"MmUnlockPagableImageSection", L::Apc, PW_NF(wdm) "mmunlockpagableimagesection"},
    {"MmPageEntireDriver", L::Apc, PW_NF(wdm) "mmpageentiredriver"},
    {"MmResetDriverPaging", L::Apc, PW_NF(wdm) "mmresetdriverpaging"},

    // --- PASSIVE_LEVEL: more WDM and kernel routines --------------------------------------------
    {"IoRegisterPlugPlayNotification", L::Passive, PW_NF(wdm) "ioregisterplugplaynotification"},
    {"IoUnregisterPlugPlayNotification", L::Passive, PW_NF(wdm) "iounregisterplugplaynotification"},
    {"IoUnregisterPlugPlayNotificationEx", L::Passive,
     PW_NF(wdm) "iounregisterplugplaynotificationex"},
    {"IoWMIRegistrationControl", L::Passive, PW_NF(wdm) "iowmiregistrationcontrol"},
    {"IoGetDeviceInterfaces", L::Passive, PW_NF(wdm) "iogetdeviceinterfaces"},
    {"IoGetDeviceInterfaceAlias", L::Passive, PW_NF(wdm) "iogetdeviceinterfacealias"},
    {"IoOpenDeviceInterfaceRegistryKey", L::Passive, PW_NF(wdm) "ioopendeviceinterfaceregistrykey"},
    {"IoGetDeviceInterfacePropertyData", L::Passive, PW_NF(wdm) "iogetdeviceinterfacepropertydata"},
    {"IoCreateSymbolicLink", L::Passive, PW_NF(wdm) "iocreatesymboliclink"},
    {"IoCreateUnprotectedSymbolicLink", L::Passive, PW_NF(wdm) "iocreateunprotectedsymboliclink"},
    {"IoDeleteSymbolicLink", L::Passive, PW_NF(wdm) "iodeletesymboliclink"},
    {"IoRegisterShutdownNotification", L::Passive, PW_NF(wdm) "ioregistershutdownnotification"},
    {"IoUnregisterShutdownNotification", L::Passive, PW_NF(wdm) "iounregistershutdownnotification"},
    {"IoCreateSynchronizationEvent", L::Passive, PW_NF(wdm) "iocreatesynchronizationevent"},
    {"IoCreateNotificationEvent", L::Passive, PW_NF(wdm) "iocreatenotificationevent"},
    {"IoGetDmaAdapter", L::Passive, PW_NF(wdm) "iogetdmaadapter"},
    {"IoReportTargetDeviceChange", L::Passive, PW_NF(wdm) "ioreporttargetdevicechange"},
    {"IoDetachDevice", L::Passive, PW_NF(wdm) "iodetachdevice"},
    {"IoRegisterDriverReinitialization", L::Passive,
     PW_NF(ntddk) "ioregisterdriverreinitialization"},
    {"IoRegisterBootDriverReinitialization", L::Passive,
     PW_NF(ntddk) "ioregisterbootdriverreinitialization"},
    {"IoGetDeviceNumaNode", L::Passive, PW_NF(wdm) "iogetdevicenumanode"},
    {"PsTerminateSystemThread", L::Passive, PW_NF(wdm) "psterminatesystemthread"},
    {"PsSetCreateProcessNotifyRoutine", L::Passive, PW_NF(ntddk) "pssetcreateprocessnotifyroutine"},
    {"PsSetCreateProcessNotifyRoutineEx", L::Passive,
     PW_NF(ntddk) "pssetcreateprocessnotifyroutineex"},
    {"PsSetCreateThreadNotifyRoutine", L::Passive, PW_NF(ntddk) "pssetcreatethreadnotifyroutine"},
    {"PsSetLoadImageNotifyRoutine", L::Passive, PW_NF(ntddk) "pssetloadimagenotifyroutine"},
    {"RtlAnsiStringToUnicodeString", L::Passive, PW_NF(wdm) "rtlansistringtounicodestring"},
    {"RtlIntegerToUnicodeString", L::Passive, PW_NF(wdm) "rtlintegertounicodestring"},
    {"RtlCompareString", L::Passive, PW_NF(ntddk) "rtlcomparestring"},
    {"RtlEqualString", L::Passive, PW_NF(ntddk) "rtlequalstring"},
    {"RtlCheckRegistryKey", L::Passive, PW_NF(wdm) "rtlcheckregistrykey"},
    {"RtlCreateRegistryKey", L::Passive, PW_NF(wdm) "rtlcreateregistrykey"},
    {"RtlDeleteRegistryValue", L::Passive, PW_NF(wdm) "rtldeleteregistryvalue"},
    {"ExUuidCreate", L::Passive, PW_NF(ntddk) "exuuidcreate"},
    {"PoFxRegisterDevice", L::Passive, PW_NF(wdm) "pofxregisterdevice"},
    {"PoFxUnregisterDevice", L::Passive, PW_NF(wdm) "pofxunregisterdevice"},
    {"PoFxStartDevicePowerManagement", L::Passive, PW_NF(wdm) "pofxstartdevicepowermanagement"},

    // --- <= APC_LEVEL: more WDM and kernel routines ---------------------------------------------
    {"IoSetDevicePropertyData", L::Apc, PW_NF(wdm) "iosetdevicepropertydata"},
    {"IoSetDeviceInterfacePropertyData", L::Apc, PW_NF(wdm) "iosetdeviceinterfacepropertydata"},
    {"IoQueryFullDriverPath", L::Apc, PW_NF(ntddk) "ioqueryfulldriverpath"},
    {"PsRemoveLoadImageNotifyRoutine", L::Apc, PW_NF(ntddk) "psremoveloadimagenotifyroutine"},
    {"CmRegisterCallback", L::Apc, PW_NF(wdm) "cmregistercallback"},
    {"CmRegisterCallbackEx", L::Apc, PW_NF(wdm) "cmregistercallbackex"},
    {"CmUnRegisterCallback", L::Apc, PW_NF(wdm) "cmunregistercallback"},
    {"ObRegisterCallbacks", L::Apc, PW_NF(wdm) "obregistercallbacks"},
    {"ObUnRegisterCallbacks", L::Apc, PW_NF(wdm) "obunregistercallbacks"},
    {"ObOpenObjectByPointer", L::Apc, PW_NF(ntifs) "obopenobjectbypointer"},
    {"PsLookupProcessByProcessId", L::Apc, PW_NF(ntifs) "pslookupprocessbyprocessid"},
    {"RtlFreeUnicodeString", L::Apc, PW_NF(wdm) "rtlfreeunicodestring"},
    {"ExTryToAcquireFastMutex", L::Apc, PW_NF(wdm) "extrytoacquirefastmutex"},
    {"ExAcquireFastMutexUnsafe", L::Apc, PW_NF(wdm) "exacquirefastmutexunsafe"},
    {"ExReleaseFastMutex", L::Apc, PW_NF(wdm) "exreleasefastmutex"},
    {"KeAcquireGuardedMutex", L::Apc, PW_NF(wdm) "keacquireguardedmutex"},
    {"ExAcquireResourceExclusiveLite", L::Apc, PW_NF(wdm) "exacquireresourceexclusivelite"},
    {"ExAcquireResourceSharedLite", L::Apc, PW_NF(wdm) "exacquireresourcesharedlite"},
    {"KeEnterCriticalRegion", L::Apc, PW_NF(wdm) "keentercriticalregion"},
    {"KeLeaveCriticalRegion", L::Apc, PW_NF(wdm) "keleavecriticalregion"},
    {"ExCreateCallback", L::Apc, PW_NF(wdm) "excreatecallback"},
    {"ExRegisterCallback", L::Apc, PW_NF(wdm) "exregistercallback"},
    {"PoRegisterDeviceForIdleDetection", L::Apc, PW_NF(wdm) "poregisterdeviceforidledetection"},
    {"MmSecureVirtualMemory", L::Apc, PW_NF(ntddk) "mmsecurevirtualmemory"},
    {"MmUnsecureVirtualMemory", L::Apc, PW_NF(ntddk) "mmunsecurevirtualmemory"},
    {"ExInitializePagedLookasideList", L::Apc, PW_NF(wdm) "exinitializepagedlookasidelist"},
    {"ExDeletePagedLookasideList", L::Apc, PW_NF(wdm) "exdeletepagedlookasidelist"},
    {"ExAllocateFromPagedLookasideList", L::Apc, PW_NF(wdm) "exallocatefrompagedlookasidelist"},
    {"ExFreeToPagedLookasideList", L::Apc, PW_NF(wdm) "exfreetopagedlookasidelist"},
    {"ExSetTimerResolution", L::Apc, PW_NF(wdm) "exsettimerresolution"},
    // "< DISPATCH_LEVEL" on their pages; exact rows that override the RtlUnicodeString* family.
    {"RtlUnicodeStringToOemString", L::Apc, PW_NF(ntifs) "rtlunicodestringtooemstring"},
    {"RtlUnicodeStringToCountedOemString", L::Apc,
     PW_NF(ntifs) "rtlunicodestringtocountedoemstring"},
    {"RtlUnicodeStringToOemSize", L::Apc, PW_NF(ntifs) "rtlunicodestringtooemsize"},

    // --- PASSIVE_LEVEL: KMDF. WdfIoQueueCreate, WdfInterruptCreate and the WdfDeviceInitSetPower*
    //     routines are <= DISPATCH_LEVEL and so absent; routines whose IRQL depends on an argument
    //     (WdfWaitLockAcquire, WdfTimerStop, WdfDpcCancel, WdfMemoryCreate) are absent too.
    {"WdfDriverCreate", L::Passive, PW_NF(wdfdriver) "wdfdrivercreate"},
    {"WdfDriverOpenParametersRegistryKey", L::Passive,
     PW_NF(wdfdriver) "wdfdriveropenparametersregistrykey"},
    {"WdfDeviceCreate", L::Passive, PW_NF(wdfdevice) "wdfdevicecreate"},
    {"WdfDeviceCreateDeviceInterface", L::Passive,
     PW_NF(wdfdevice) "wdfdevicecreatedeviceinterface"},
    {"WdfDeviceCreateSymbolicLink", L::Passive, PW_NF(wdfdevice) "wdfdevicecreatesymboliclink"},
    {"WdfDeviceOpenRegistryKey", L::Passive, PW_NF(wdfdevice) "wdfdeviceopenregistrykey"},
    {"WdfDeviceOpenDevicemapKey", L::Passive, PW_NF(wdfdevice) "wdfdeviceopendevicemapkey"},
    {"WdfDeviceSetDeviceInterfaceState", L::Passive,
     PW_NF(wdfdevice) "wdfdevicesetdeviceinterfacestate"},
    {"WdfDeviceRetrieveDeviceInterfaceString", L::Passive,
     PW_NF(wdfdevice) "wdfdeviceretrievedeviceinterfacestring"},
    {"WdfDeviceRetrieveDeviceName", L::Passive, PW_NF(wdfdevice) "wdfdeviceretrievedevicename"},
    {"WdfDeviceQueryProperty", L::Passive, PW_NF(wdfdevice) "wdfdevicequeryproperty"},
    {"WdfDeviceAllocAndQueryProperty", L::Passive,
     PW_NF(wdfdevice) "wdfdeviceallocandqueryproperty"},
    {"WdfDeviceInitAssignName", L::Passive, PW_NF(wdfdevice) "wdfdeviceinitassignname"},
    {"WdfDeviceInitAssignSDDLString", L::Passive, PW_NF(wdfdevice) "wdfdeviceinitassignsddlstring"},
    {"WdfControlDeviceInitAllocate", L::Passive, PW_NF(wdfcontrol) "wdfcontroldeviceinitallocate"},
    {"WdfPdoInitAllocate", L::Passive, PW_NF(wdfpdo) "wdfpdoinitallocate"},
    {"WdfFdoInitOpenRegistryKey", L::Passive, PW_NF(wdffdo) "wdffdoinitopenregistrykey"},
    {"WdfFdoInitQueryProperty", L::Passive, PW_NF(wdffdo) "wdffdoinitqueryproperty"},
    {"WdfFdoInitAllocAndQueryProperty", L::Passive,
     PW_NF(wdffdo) "wdffdoinitallocandqueryproperty"},
    {"WdfFdoQueryForInterface", L::Passive, PW_NF(wdffdo) "wdffdoqueryforinterface"},
    {"WdfChildListCreate", L::Passive, PW_NF(wdfchildlist) "wdfchildlistcreate"},
    {"WdfCommonBufferCreate", L::Passive, PW_NF(wdfcommonbuffer) "wdfcommonbuffercreate"},
    {"WdfCommonBufferCreateWithConfig", L::Passive,
     PW_NF(wdfcommonbuffer) "wdfcommonbuffercreatewithconfig"},
    {"WdfDmaEnablerCreate", L::Passive, PW_NF(wdfdmaenabler) "wdfdmaenablercreate"},
    {"WdfIoTargetCreate", L::Passive, PW_NF(wdfiotarget) "wdfiotargetcreate"},
    {"WdfIoTargetOpen", L::Passive, PW_NF(wdfiotarget) "wdfiotargetopen"},
    {"WdfIoTargetClose", L::Passive, PW_NF(wdfiotarget) "wdfiotargetclose"},
    {"WdfIoTargetQueryForInterface", L::Passive, PW_NF(wdfiotarget) "wdfiotargetqueryforinterface"},
    {"WdfIoTargetSendIoctlSynchronously", L::Passive,
     PW_NF(wdfiotarget) "wdfiotargetsendioctlsynchronously"},
    {"WdfIoTargetSendInternalIoctlSynchronously", L::Passive,
     PW_NF(wdfiotarget) "wdfiotargetsendinternalioctlsynchronously"},
    {"WdfIoTargetSendInternalIoctlOthersSynchronously", L::Passive,
     PW_NF(wdfiotarget) "wdfiotargetsendinternalioctlotherssynchronously"},
    {"WdfIoTargetSendReadSynchronously", L::Passive,
     PW_NF(wdfiotarget) "wdfiotargetsendreadsynchronously"},
    {"WdfIoTargetSendWriteSynchronously", L::Passive,
     PW_NF(wdfiotarget) "wdfiotargetsendwritesynchronously"},
    {"WdfIoQueueDrainSynchronously", L::Passive, PW_NF(wdfio) "wdfioqueuedrainsynchronously"},
    {"WdfIoQueuePurgeSynchronously", L::Passive, PW_NF(wdfio) "wdfioqueuepurgesynchronously"},
    {"WdfIoQueueStopSynchronously", L::Passive, PW_NF(wdfio) "wdfioqueuestopsynchronously"},
    {"WdfIoQueueStopAndPurgeSynchronously", L::Passive,
     PW_NF(wdfio) "wdfioqueuestopandpurgesynchronously"},
    {"WdfStringCreate", L::Passive, PW_NF(wdfstring) "wdfstringcreate"},
    {"WdfWorkItemFlush", L::Passive, PW_NF(wdfworkitem) "wdfworkitemflush"},
    {"WdfInterruptEnable", L::Passive, PW_NF(wdfinterrupt) "wdfinterruptenable"},
    {"WdfInterruptDisable", L::Passive, PW_NF(wdfinterrupt) "wdfinterruptdisable"},
    {"WdfRequestProbeAndLockUserBufferForRead", L::Passive,
     PW_NF(wdfrequest) "wdfrequestprobeandlockuserbufferforread"},
    {"WdfRequestProbeAndLockUserBufferForWrite", L::Passive,
     PW_NF(wdfrequest) "wdfrequestprobeandlockuserbufferforwrite"},
    {"WdfRequestRetrieveUnsafeUserInputBuffer", L::Passive,
     PW_NF(wdfrequest) "wdfrequestretrieveunsafeuserinputbuffer"},
    {"WdfRequestRetrieveUnsafeUserOutputBuffer", L::Passive,
     PW_NF(wdfrequest) "wdfrequestretrieveunsafeuseroutputbuffer"},
    {"WdfUsbTargetDeviceCreate", L::Passive, PW_NF(wdfusb) "wdfusbtargetdevicecreate"},
    {"WdfUsbTargetDeviceCreateWithParameters", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdevicecreatewithparameters"},
    {"WdfUsbTargetDeviceSelectConfig", L::Passive, PW_NF(wdfusb) "wdfusbtargetdeviceselectconfig"},
    {"WdfUsbTargetDeviceRetrieveConfigDescriptor", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdeviceretrieveconfigdescriptor"},
    {"WdfUsbTargetDeviceQueryString", L::Passive, PW_NF(wdfusb) "wdfusbtargetdevicequerystring"},
    {"WdfUsbTargetDeviceAllocAndQueryString", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdeviceallocandquerystring"},
    {"WdfUsbTargetDeviceQueryUsbCapability", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdevicequeryusbcapability"},
    {"WdfUsbTargetDeviceSendControlTransferSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdevicesendcontroltransfersynchronously"},
    {"WdfUsbTargetDeviceSendUrbSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdevicesendurbsynchronously"},
    {"WdfUsbTargetDeviceResetPortSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdeviceresetportsynchronously"},
    {"WdfUsbTargetDeviceCyclePortSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdevicecycleportsynchronously"},
    {"WdfUsbTargetDeviceIsConnectedSynchronous", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetdeviceisconnectedsynchronous"},
    {"WdfUsbTargetPipeReadSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetpipereadsynchronously"},
    {"WdfUsbTargetPipeWriteSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetpipewritesynchronously"},
    {"WdfUsbTargetPipeAbortSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetpipeabortsynchronously"},
    {"WdfUsbTargetPipeResetSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetpiperesetsynchronously"},
    {"WdfUsbTargetPipeSendUrbSynchronously", L::Passive,
     PW_NF(wdfusb) "wdfusbtargetpipesendurbsynchronously"},
    {"WdfUsbInterfaceSelectSetting", L::Passive, PW_NF(wdfusb) "wdfusbinterfaceselectsetting"},

    // --- <= APC_LEVEL: KMDF ---------------------------------------------------------------------
    {"WdfDeviceQueryPropertyEx", L::Apc, PW_NF(wdfdevice) "wdfdevicequerypropertyex"},
    {"WdfDeviceAllocAndQueryPropertyEx", L::Apc,
     PW_NF(wdfdevice) "wdfdeviceallocandquerypropertyex"},
    {"WdfDeviceAssignProperty", L::Apc, PW_NF(wdfdevice) "wdfdeviceassignproperty"},
    {"WdfWmiInstanceFireEvent", L::Apc, PW_NF(wdfwmi) "wdfwmiinstancefireevent"},
};

// === Allocation routines (§6.1) =================================================================
// Argument indexes are 0-based.
constexpr PoolApi kPoolApis[] = {
    // Field order: name, kind, arg, result_arg, source, size_arg, list_setup.
    // --- POOL_FLAGS (ExAllocatePool2/3) ----------------------------------------------------------
    {"ExAllocatePool2", K::PoolFlagsArg, 0, -1, PW_NF(wdm) "exallocatepool2", 1},
    {"ExAllocatePool3", K::PoolFlagsArg, 0, -1, PW_NF(wdm) "exallocatepool3", 1},
    // --- POOL_TYPE first: (PoolType, NumberOfBytes[, Tag[, Priority]]) ---------------------------
    {"ExAllocatePoolWithTag", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolwithtag", 1},
    {"ExAllocatePoolZero", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolzero", 1},
    {"ExAllocatePoolUninitialized", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepooluninitialized",
     1},
    {"ExAllocatePoolWithTagPriority", K::PoolTypeArg, 0, -1,
     PW_NF(wdm) "exallocatepoolwithtagpriority", 1},
    {"ExAllocatePoolPriorityZero", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolpriorityzero",
     1},
    {"ExAllocatePoolPriorityUninitialized", K::PoolTypeArg, 0, -1,
     PW_NF(wdm) "exallocatepoolpriorityuninitialized", 1},
    {"ExAllocatePoolWithQuotaTag", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolwithquotatag",
     1},
    {"ExAllocatePoolQuotaZero", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolquotazero", 1},
    {"ExAllocatePoolQuotaUninitialized", K::PoolTypeArg, 0, -1,
     PW_NF(wdm) "exallocatepoolquotauninitialized", 1},
    // Deprecated (Code Analysis C28751) but still in drivers.
    {"ExAllocatePool", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepool", 1},
    {"ExAllocatePoolWithQuota", K::PoolTypeArg, 0, -1, PW_NF(wdm) "exallocatepoolwithquota", 1},
    // --- Lookaside lists ----------------------------------------------------------------------
    {"ExAllocateFromPagedLookasideList", K::AlwaysPaged, -1, -1,
     PW_NF(wdm) "exallocatefrompagedlookasidelist"},
    // (Lookaside, Allocate, Free, Flags, Size, Tag, Depth): entries of Size bytes, paged.
    {"ExInitializePagedLookasideList", K::AlwaysPaged, -1, -1,
     PW_NF(wdm) "exinitializepagedlookasidelist", 4, true},
    // (Lookaside, Allocate, Free, PoolType, Flags, Size, Tag, Depth); the entries come later from
    // ExAllocateFromLookasideListEx(Lookaside).
    {"ExInitializeLookasideListEx", K::PoolTypeArg, 3, -1, PW_NF(wdm) "exinitializelookasidelistex",
     5, true},
    // --- KMDF ---------------------------------------------------------------------------------
    // (Attributes, PoolType, PoolTag, BufferSize, Memory, Buffer): the buffer is arg 5 (optional;
    // without it the buffer comes from WdfMemoryGetBuffer(Memory), the handle in arg 4).
    {"WdfMemoryCreate", K::PoolTypeArg, 1, 5, PW_NF(wdfmemory) "wdfmemorycreate", 3, false, 4},
    // (LookasideAttributes, BufferSize, PoolType, MemoryAttributes, PoolTag, Lookaside); the
    // buffers come later from WdfMemoryCreateFromLookaside(Lookaside, &Memory).
    {"WdfLookasideListCreate", K::PoolTypeArg, 2, -1, PW_NF(wdfmemory) "wdflookasidelistcreate", 1,
     true},
};

// === System routines returning paged memory =====================================================
// Only routines whose page says the buffer is paged: IoGetDeviceInterfaceAlias and
// IoRegisterDeviceInterface return strings the caller frees but do not say from which pool.
constexpr PagedResultApi kPagedResultApis[] = {
    // (InterfaceClassGuid, PhysicalDeviceObject, Flags, SymbolicLinkList): "The routine allocates
    // the buffer for these strings from paged system memory."
    {"IoGetDeviceInterfaces", 3, PW_NF(wdm) "iogetdeviceinterfaces"},
};

// === Buffers of memory objects ==================================================================
constexpr ObjectBufferApi kObjectBufferApis[] = {
    // (Memory, BufferSize): "returns a pointer to the buffer that is associated with a specified
    // memory object", allocated from the PoolType WdfMemoryCreate was given.
    {"WdfMemoryGetBuffer", 0, PW_NF(wdfmemory) "wdfmemorygetbuffer"},
};

// === Routines that point a structure's member at a buffer ======================================
constexpr AliasingApi kAliasingApis[] = {
    // (DestinationString, SourceString): "The routine copies the SourceString pointer value to
    // the Buffer member" (the page RtlInitUnicodeString's own page sends to, which also declares
    // SourceString __drv_aliasesMem).
    {"RtlInitUnicodeString", 0, 1, "Buffer", PW_NF(wdmsec) "wdmlibrtlinitunicodestringex"},
};

// === PnP queries answered in paged memory =======================================================
// The "Operation" section of each IRP's page says which pool the answering driver allocates the
// structure it returns in Irp->IoStatus.Information from. Left out: IRP_MN_FILTER_RESOURCE_
// REQUIREMENTS (its page says a replacement list comes from paged memory, not the list it hands
// in), and the queries answered in the caller's own buffer or in a value (QUERY_CAPABILITIES,
// QUERY_INTERFACE, QUERY_PNP_DEVICE_STATE).
#define PW_KERNEL "https://learn.microsoft.com/windows-hardware/drivers/kernel/"
constexpr PagedPnpQuery kPagedPnpQueries[] = {
    // "it allocates a WCHAR structure from paged pool to contain the ID(s)"
    {"IRP_MN_QUERY_ID", "QueryId", PW_KERNEL "irp-mn-query-id"},
    // "it allocates a NULL-terminated Unicode string from paged memory"
    {"IRP_MN_QUERY_DEVICE_TEXT", "QueryDeviceText", PW_KERNEL "irp-mn-query-device-text"},
    // "it allocates a PNP_BUS_INFORMATION structure from paged memory"
    {"IRP_MN_QUERY_BUS_INFORMATION", nullptr, PW_KERNEL "irp-mn-query-bus-information"},
    // "the driver allocates a DEVICE_RELATIONS structure from paged memory"
    {"IRP_MN_QUERY_DEVICE_RELATIONS", "QueryDeviceRelations",
     PW_KERNEL "irp-mn-query-device-relations"},
    // "it allocates an IO_RESOURCE_REQUIREMENTS_LIST from paged memory"
    {"IRP_MN_QUERY_RESOURCE_REQUIREMENTS", nullptr, PW_KERNEL "irp-mn-query-resource-requirements"},
    // "it allocates a CM_RESOURCE_LIST from paged memory"
    {"IRP_MN_QUERY_RESOURCES", nullptr, PW_KERNEL "irp-mn-query-resources"},
};
#undef PW_KERNEL

// POOL_TYPE and POOL_FLAGS names of paged memory. The POOL_TYPE values are the odd ones (1, 5, 33,
// 37): bit 0 selects paged pool, as the KMDF source notes (microsoft/Windows-Driver-Frameworks:
// src/framework/shared/object/wdfpool.cpp). NonPagedPool* and POOL_FLAG_NON_PAGED* are resident.
struct PagedPoolName {
  const char* name;
  const char* source;
};
constexpr PagedPoolName kPagedPoolNames[] = {
    {"PagedPool", PW_DDI "wdm/ne-wdm-_pool_type"},
    {"PagedPoolCacheAligned", PW_DDI "wdm/ne-wdm-_pool_type"},
    {"PagedPoolSession", PW_DDI "wdm/ne-wdm-_pool_type"},
    {"PagedPoolCacheAlignedSession", PW_DDI "wdm/ne-wdm-_pool_type"},
    // Not in today's POOL_TYPE (value 3 is DontUseThisType); a paged-pool name all the same.
    {"PagedPoolMustSucceed", PW_DDI "wdm/ne-wdm-_pool_type"},
    {"POOL_FLAG_PAGED", "https://learn.microsoft.com/windows-hardware/drivers/kernel/pool_flags"},
};
constexpr uint64_t kPoolTypePagedBit = 0x1;  // POOL_TYPE: PagedPool and every odd value
constexpr uint64_t kPoolFlagPaged = 0x100;   // POOL_FLAG_PAGED

// === Routines that touch the memory their arguments point to ====================================
// Field order: name, the arguments (bit i: argument i) whose memory it reads or writes, source.
struct MemoryRoutine {
  const char* name;
  uint8_t arguments;
  const char* source;
};
#define PW_CRT "https://learn.microsoft.com/cpp/c-runtime-library/reference/"
constexpr MemoryRoutine kMemoryRoutines[] = {
    {"RtlCopyMemory", 0b11, PW_NF(wdm) "rtlcopymemory"},
    {"RtlMoveMemory", 0b11, PW_NF(wdm) "rtlmovememory"},
    {"RtlCompareMemory", 0b11, PW_NF(wdm) "rtlcomparememory"},
    {"RtlEqualMemory", 0b11, PW_NF(wdm) "rtlequalmemory"},
    {"RtlZeroMemory", 0b01, PW_NF(wdm) "rtlzeromemory"},
    {"RtlFillMemory", 0b01, PW_NF(wdm) "rtlfillmemory"},
    {"RtlSecureZeroMemory", 0b01, PW_NF(wdm) "rtlsecurezeromemory"},
    {"memcpy", 0b11, PW_CRT "memcpy-wmemcpy"},
    {"memmove", 0b11, PW_CRT "memmove-wmemmove"},
    {"memcmp", 0b11, PW_CRT "memcmp-wmemcmp"},
    {"memset", 0b01, PW_CRT "memset-wmemset"},
};
#undef PW_CRT

// === Synchronization objects that must be resident (§2.1) ======================================
// Devtest's Force IRQL Checking lists KTIMER, KMUTEX, KSPIN_LOCK, KEVENT, KSEMAPHORE, ERESOURCE and
// FAST_MUTEX; each row's source is the page that requires resident (nonpaged) storage for it.
struct SyncObjectType {
  const char* name;
  const char* source;
};
constexpr SyncObjectType kSyncObjectTypes[] = {
    {"KSPIN_LOCK", PW_NF(wdm) "keinitializespinlock"},
    {"KEVENT", PW_NF(wdm) "keinitializeevent"},
    {"KTIMER", PW_NF(wdm) "keinitializetimer"},
    {"KDPC", PW_NF(wdm) "keinitializedpc"},
    {"KMUTEX", PW_NF(wdm) "keinitializemutex"},
    // KMUTEX is a second name of struct _KMUTANT.
    {"KMUTANT", "reactos/reactos: sdk/include/xdk/ketypes.h"},
    {"KSEMAPHORE", PW_NF(wdm) "keinitializesemaphore"},
    {"FAST_MUTEX", PW_NF(wdm) "exinitializefastmutex"},
    {"KGUARDED_MUTEX", PW_NF(wdm) "keinitializeguardedmutex"},
    {"ERESOURCE", PW_NF(wdm) "exinitializeresourcelite"},
    {"EX_SPIN_LOCK", PW_NF(wdm) "exacquirespinlockexclusive"},
    {"KQUEUE", PW_NF(ntifs) "keinitializequeue"},
    {"NDIS_SPIN_LOCK", PW_NF(ndis) "ndisallocatespinlock"},
    // Work items: "This structure must be allocated from nonpaged pool" / "Memory must be
    // allocated from nonpaged pool".
    {"WORK_QUEUE_ITEM", PW_NF(wdm) "exinitializeworkitem"},
    {"IO_WORKITEM", PW_NF(wdm) "ioinitializeworkitem"},
    // EX_PUSH_LOCK is absent: exinitializepushlock says push locks may live in paged pool.
};

// === Locking sections, paging the whole driver, connecting interrupts (§2.4, §2.5) ==============
// Field order: name, kind, max, source.
constexpr SectionApi kSectionApis[] = {
    // wdm.h defines MmLockPagableCodeSection as MmLockPagableDataSection.
    {"MmLockPagableCodeSection", S::LockByAddress, L::Apc, PW_NF(wdm) "mmlockpagablecodesection"},
    {"MmLockPagableDataSection", S::LockByAddress, L::Apc, PW_NF(wdm) "mmlockpagabledatasection"},
    {"MmLockPagableSectionByHandle", S::LockByHandle, L::Apc,
     PW_NF(ntddk) "mmlockpagablesectionbyhandle"},
    {"MmUnlockPagableImageSection", S::Unlock, L::Apc, PW_NF(wdm) "mmunlockpagableimagesection"},
    {"MmPageEntireDriver", S::PageEntireDriver, L::Apc, PW_NF(wdm) "mmpageentiredriver"},
    {"MmResetDriverPaging", S::ResetDriverPaging, L::Apc, PW_NF(wdm) "mmresetdriverpaging"},
    {"IoConnectInterrupt", S::ConnectInterrupt, L::Passive, PW_NF(wdm) "ioconnectinterrupt"},
    {"IoConnectInterruptEx", S::ConnectInterrupt, L::Passive, PW_NF(wdm) "ioconnectinterruptex"},
    {"IoDisconnectInterrupt", S::DisconnectInterrupt, L::Passive,
     PW_NF(wdm) "iodisconnectinterrupt"},
    {"IoDisconnectInterruptEx", S::DisconnectInterrupt, L::Passive,
     PW_NF(wdm) "iodisconnectinterruptex"},
};

// === Power-pageability (§4.2, §4.5) ============================================================
// Field order: name, effect, source. The KMDF source lines are in paging-rules.md §4.5.
constexpr PowerPageabilityApi kPowerPageabilityApis[] = {
    {"WdfDeviceInitSetPowerNotPageable", P::NotPageable,
     PW_NF(wdfdevice) "wdfdeviceinitsetpowernotpageable"},
    // Forces PowerPageable = FALSE: KMDF treats inrush and pageable as exclusive
    // (microsoft/Windows-Driver-Frameworks: src/framework/shared/core/fxdeviceinitapi.cpp).
    {"WdfDeviceInitSetPowerInrush", P::Inrush, PW_NF(wdfdevice) "wdfdeviceinitsetpowerinrush"},
    {"WdfDeviceInitSetPowerPageable", P::Pageable,
     PW_NF(wdfdevice) "wdfdeviceinitsetpowerpageable"},
    // (Device, FileType, Supported): only WdfSpecialFilePaging, Hibernation and Dump with TRUE
    // make the device not power-pageable; the caller checks both arguments.
    {"WdfDeviceSetSpecialFileSupport", P::SpecialFile,
     PW_NF(wdfdevice) "wdfdevicesetspecialfilesupport"},
    {"WdfDevStateIsNP", P::StateIsNp, PW_NF(wdfdevice) "wdfdevstateisnp"},
};

constexpr const char* kDeviceObjectPowerFlags =
    "https://learn.microsoft.com/windows-hardware/drivers/kernel/"
    "setting-device-object-flags-for-power-management";

constexpr PowerFlag kPowerFlags[] = {
    // "a driver that does not set DO_POWER_PAGABLE must be callable at DISPATCH_LEVEL"
    {"DO_POWER_PAGABLE", PowerFlag::Effect::Pageable, kDeviceObjectPowerFlags},
    // An inrush device receives power IRPs at DISPATCH_LEVEL; the flag excludes DO_POWER_PAGABLE.
    {"DO_POWER_INRUSH", PowerFlag::Effect::Inrush, kDeviceObjectPowerFlags},
};

// "If the driver does not call WdfDeviceInitSetPowerNotPageable or WdfDeviceInitSetPowerInrush,
// the framework sets the DO_POWER_PAGABLE flag".
constexpr PowerManagingFramework kPowerManagingFrameworks[] = {
    {"Wdf", PW_NF(wdfdevice) "wdfdeviceinitsetpowerpageable"},
};

#undef PW_NF
#undef PW_DDI

// --- Text helpers -------------------------------------------------------------------------------

constexpr bool is_ident_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}
constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

bool is_paged_pool_name(std::string_view token) {
  for (const PagedPoolName& n : kPagedPoolNames)
    if (token == n.name) return true;
  return false;
}

// Whether the identifier at `pos` is complemented (`~POOL_FLAG_PAGED`, `~(POOL_FLAG_PAGED)`): a
// mask that removes the flag does not ask for paged memory.
bool is_complemented(std::string_view text, size_t pos) {
  while (pos > 0 && (is_space(text[pos - 1]) || text[pos - 1] == '(')) --pos;
  return pos > 0 && text[pos - 1] == '~';
}

// Strips the parentheses around `s` when they enclose all of it.
bool strip_outer_parens(std::string_view* s) {
  if (s->size() < 2 || s->front() != '(' || s->back() != ')') return false;
  int depth = 0;
  for (size_t i = 0; i < s->size(); ++i) {
    if ((*s)[i] == '(') ++depth;
    if ((*s)[i] == ')' && --depth == 0 && i + 1 != s->size()) return false;
  }
  *s = trim(s->substr(1, s->size() - 2));
  return true;
}

// Strips a leading cast to a plain type name: `(POOL_TYPE)1`, `(ULONG64) 0x100`.
bool strip_cast(std::string_view* s) {
  if (s->empty() || s->front() != '(') return false;
  size_t close = s->find(')');
  if (close == std::string_view::npos || close + 1 == s->size()) return false;
  std::string_view type = trim(s->substr(1, close - 1));
  if (type.empty() || is_digit(type.front())) return false;
  for (char c : type)
    if (!is_ident_char(c) && !is_space(c)) return false;
  *s = trim(s->substr(close + 1));
  return true;
}

// A plain integer literal (text/text.hpp's integer_literal), possibly cast and parenthesized. False
// for anything else: names, expressions, negative numbers.
bool parse_plain_number(std::string_view text, uint64_t* out) {
  std::string_view s = trim(text);
  while (strip_outer_parens(&s) || strip_cast(&s)) {
  }
  if (s.empty() || !is_digit(s.front())) return false;
  std::optional<uint64_t> value = integer_literal(s);
  if (!value) return false;
  *out = *value;
  return true;
}

// The name in a declared type: its last word, without const/volatile/struct/union, array bounds
// and the leading '_' of a struct tag (`struct _KEVENT`). Empty for a pointer or a reference: a
// pointer may live anywhere, only the object it points to must be resident.
std::string_view type_name(std::string_view type) {
  std::string_view s = trim(type);
  if (size_t bracket = s.find('['); bracket != std::string_view::npos)
    s = trim(s.substr(0, bracket));
  std::string_view name;
  size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && is_space(s[i])) ++i;
    size_t start = i;
    while (i < s.size() && is_ident_char(s[i])) ++i;
    if (i == start) return {};  // punctuation (a pointer, a reference, a template) is not a name
    std::string_view word = s.substr(start, i - start);
    if (word == "const" || word == "volatile" || word == "struct" || word == "union") continue;
    name = word;  // the last word: `DECLSPEC_CACHEALIGN KSPIN_LOCK` is a KSPIN_LOCK
  }
  if (name.size() > 1 && name.front() == '_') name.remove_prefix(1);
  return name;
}

}  // namespace

// --- Routines with an IRQL ceiling --------------------------------------------------------------

bool format_may_convert_strings(std::string_view format_argument) {
  std::string_view f = format_argument;
  while (!f.empty() && f.front() == ' ') f.remove_prefix(1);
  while (!f.empty() && f.back() == ' ') f.remove_suffix(1);
  if (f.starts_with("L\"")) f.remove_prefix(1);  // a wide literal converts like a narrow one
  if (f.size() < 2 || f.front() != '"' || f.back() != '"') return true;  // not a plain literal
  for (size_t i = 1; i + 1 < f.size(); ++i) {
    if (f[i] != '%') continue;
    // Skip flags, width, precision and size prefixes (h, l, ll, w, I64, ...) to the conversion.
    size_t j = i + 1;
    while (j + 1 < f.size() &&
           std::string_view("-+ #0123456789.*hlwIjztL").find(f[j]) != std::string_view::npos)
      ++j;
    char conv = j + 1 < f.size() ? f[j] : '\0';
    if (conv == 's' || conv == 'S' || conv == 'Z' || conv == 'C') return true;
    i = j;
  }
  return false;
}

size_t printf_format_argument(std::string_view routine) {
  return routine.find("PrintfEx") != std::string_view::npos ? 5 : 2;
}

bool is_ansi_string_routine(std::string_view routine) {
  return routine.starts_with("RtlString") && routine.ends_with('A');
}

const IrqlLimitApi* find_irql_limit_api(std::string_view name) {
  // Called for every call to a system routine: exact names through an index built once, then the
  // few prefix rows ("Zw*"), the longest matching prefix winning.
  struct Index {
    std::unordered_map<std::string_view, const IrqlLimitApi*> exact;
    std::vector<std::pair<std::string_view, const IrqlLimitApi*>> prefixes;
  };
  static const Index index = [] {
    Index ix;
    for (const IrqlLimitApi& a : kIrqlLimitApis) {
      std::string_view row = a.name;
      if (row.ends_with('*'))
        ix.prefixes.emplace_back(row.substr(0, row.size() - 1), &a);
      else
        ix.exact.emplace(row, &a);
    }
    return ix;
  }();
  auto it = index.exact.find(name);
  if (it != index.exact.end()) return it->second;  // an exact name wins over every prefix
  const IrqlLimitApi* best = nullptr;
  size_t best_len = 0;
  for (const auto& [prefix, row] : index.prefixes)
    if (name.size() > prefix.size() && name.starts_with(prefix) && prefix.size() > best_len) {
      best = row;
      best_len = prefix.size();
    }
  return best;
}

std::span<const IrqlLimitApi> irql_limit_apis() { return kIrqlLimitApis; }

// --- Allocation routines ------------------------------------------------------------------------

const PoolApi* find_pool_api(std::string_view name) {
  for (const PoolApi& a : kPoolApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const PoolApi> pool_apis() { return kPoolApis; }

const PagedResultApi* find_paged_result_api(std::string_view name) {
  for (const PagedResultApi& a : kPagedResultApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const PagedResultApi> paged_result_apis() { return kPagedResultApis; }

const ObjectBufferApi* find_object_buffer_api(std::string_view name) {
  for (const ObjectBufferApi& a : kObjectBufferApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const ObjectBufferApi> object_buffer_apis() { return kObjectBufferApis; }

const AliasingApi* find_aliasing_api(std::string_view name) {
  for (const AliasingApi& a : kAliasingApis)
    if (name == a.name) return &a;
  return nullptr;
}

const PagedPnpQuery* find_paged_pnp_query(std::string_view minor) {
  for (const PagedPnpQuery& q : kPagedPnpQueries)
    if (minor == q.minor) return &q;
  return nullptr;
}

const PagedPnpQuery* paged_pnp_query_of_parameters(std::string_view member) {
  for (const PagedPnpQuery& q : kPagedPnpQueries)
    if (q.parameters && member == q.parameters) return &q;
  return nullptr;
}

std::span<const PagedPnpQuery> paged_pnp_queries() { return kPagedPnpQueries; }

bool names_paged_pool(std::string_view argument) {
  size_t i = 0;
  while (i < argument.size()) {
    if (!is_ident_char(argument[i])) {
      ++i;
      continue;
    }
    size_t start = i;
    while (i < argument.size() && is_ident_char(argument[i])) ++i;
    // A number's suffix (0x100UI64) is part of the number, not a name.
    if (is_digit(argument[start])) continue;
    if (is_paged_pool_name(argument.substr(start, i - start)) && !is_complemented(argument, start))
      return true;
  }
  return false;
}

bool allocates_paged_pool(const PoolApi& api, std::string_view argument) {
  if (api.kind == PoolApi::Kind::AlwaysPaged) return true;
  if (names_paged_pool(argument)) return true;
  uint64_t value = 0;
  if (!parse_plain_number(argument, &value)) return false;
  return (value & (api.kind == PoolApi::Kind::PoolTypeArg ? kPoolTypePagedBit : kPoolFlagPaged)) !=
         0;
}

std::optional<Irql> paged_pool_call_limit(const PoolApi& api, std::string_view pool_argument) {
  // Setting up a list allocates nothing yet (ExInitializePagedLookasideList's own ceiling is a
  // row of the IRQL table).
  if (api.list_setup) return std::nullopt;
  if (api.kind != PoolApi::Kind::AlwaysPaged && !allocates_paged_pool(api, pool_argument))
    return std::nullopt;
  return Irql::Apc;
}

// --- Routines that touch their arguments' memory -------------------------------------------------

bool touches_argument_memory(std::string_view routine, size_t index) {
  for (const MemoryRoutine& r : kMemoryRoutines)
    if (routine == r.name) return index < 8 && (r.arguments >> index & 1) != 0;
  return false;
}

// --- Synchronization objects --------------------------------------------------------------------

bool is_sync_object_type(std::string_view type) {
  std::string_view name = type_name(type);
  if (name.empty()) return false;
  for (const SyncObjectType& t : kSyncObjectTypes)
    if (name == t.name) return true;
  return false;
}

// --- Sections and power -------------------------------------------------------------------------

const SectionApi* find_section_api(std::string_view name) {
  for (const SectionApi& a : kSectionApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const SectionApi> section_apis() { return kSectionApis; }

const PowerPageabilityApi* find_power_pageability_api(std::string_view name) {
  for (const PowerPageabilityApi& a : kPowerPageabilityApis)
    if (name == a.name) return &a;
  return nullptr;
}

std::span<const PowerPageabilityApi> power_pageability_apis() { return kPowerPageabilityApis; }

std::span<const PowerFlag> power_flags() { return kPowerFlags; }

const PowerManagingFramework* power_managing_framework_of(std::string_view callee) {
  for (const PowerManagingFramework& f : kPowerManagingFrameworks)
    if (callee.starts_with(f.ddi_prefix)) return &f;
  return nullptr;
}

bool clears_flags(std::string_view callee) {
  return callee.find("Clear") != std::string_view::npos ||
         callee.find("CLEAR") != std::string_view::npos;
}

}  // namespace pagewise
