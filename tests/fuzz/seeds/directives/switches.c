-DDBG=1 -U_X86_ -DNTDDI_VERSION=0x0A000000
#include <ntddk.h>
#if DBG && (NTDDI_VERSION >= 0x06010000)
#define TRACE(x) DbgPrint x
#elif defined(_X86_) || !defined(_WIN64)
#pragma alloc_text(PAGE, Foo)
#else
#pragma code_seg("PAGE")
#endif
#ifdef ALLOC_PRAGMA
#pragma alloc_text(INIT, DriverEntry)
#endif
NTSTATUS Foo(void) { PAGED_CODE(); return 0; }
