/*++

Module Name:

    Internal.h

Abstract:

    UmdfToaster: a user-mode (UMDF 1.x) driver for a pretend toaster.
    It runs in WUDFHost.exe like any other user-mode process, so kernel
    paging rules do not apply to it; pagewise reports this project as
    skipped. It is here to show that UMDF units are recognised.

Environment:

    User mode (Windows Driver Foundation host process).

--*/

#pragma once

#include <windows.h>
#include <new>
#include <wudfddi.h>

//
// CLSID the INF names as UmdfDriverCLSID.
// {7A54D47E-8D58-47F9-8CF9-B54E8766B64C}
//
DEFINE_GUID(CLSID_ToasterDriver,
    0x7a54d47e, 0x8d58, 0x47f9, 0x8c, 0xf9, 0xb5, 0x4e, 0x87, 0x66, 0xb6, 0x4c);

//
// Reference counting shared by every COM object in this DLL.
//
class CRefCounted
{
public:
    CRefCounted() : m_Refs(1) {}
    virtual ~CRefCounted() {}

    ULONG AddRefImpl()  { return InterlockedIncrement(&m_Refs); }
    ULONG ReleaseImpl()
    {
        LONG refs = InterlockedDecrement(&m_Refs);
        if (refs == 0) {
            delete this;
        }
        return refs;
    }

private:
    LONG m_Refs;
};

class CToasterDriver : public IDriverEntry, public CRefCounted
{
public:
    // IUnknown
    STDMETHOD(QueryInterface)(_In_ REFIID Iid, _Out_ PVOID* Object);
    STDMETHOD_(ULONG, AddRef)() { return AddRefImpl(); }
    STDMETHOD_(ULONG, Release)() { return ReleaseImpl(); }

    // IDriverEntry
    STDMETHOD(OnInitialize)(_In_ IWDFDriver* FxDriver);
    STDMETHOD(OnDeviceAdd)(_In_ IWDFDriver* FxDriver, _In_ IWDFDeviceInitialize* FxDeviceInit);
    STDMETHOD_(VOID, OnDeinitialize)(_In_ IWDFDriver* FxDriver);
};

HRESULT
ToasterCreateDevice(
    _In_ IWDFDriver* FxDriver,
    _In_ IWDFDeviceInitialize* FxDeviceInit
    );
