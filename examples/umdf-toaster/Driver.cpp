/*++

Module Name:

    Driver.cpp

Abstract:

    DLL entry points, the class factory and the driver callback object of
    UmdfToaster.

Environment:

    User mode (Windows Driver Foundation host process).

--*/

#include <windows.h>
#include <initguid.h>     // this file instantiates the GUIDs
#include "Internal.h"

class CToasterClassFactory : public IClassFactory, public CRefCounted
{
public:
    STDMETHOD(QueryInterface)(_In_ REFIID Iid, _Out_ PVOID* Object)
    {
        if (Iid == IID_IUnknown || Iid == IID_IClassFactory) {
            AddRef();
            *Object = static_cast<IClassFactory*>(this);
            return S_OK;
        }
        *Object = NULL;
        return E_NOINTERFACE;
    }
    STDMETHOD_(ULONG, AddRef)() { return AddRefImpl(); }
    STDMETHOD_(ULONG, Release)() { return ReleaseImpl(); }

    STDMETHOD(CreateInstance)(_In_opt_ IUnknown* Outer, _In_ REFIID Iid, _Out_ PVOID* Object)
    {
        HRESULT hr;

        *Object = NULL;
        if (Outer != NULL) {
            return CLASS_E_NOAGGREGATION;
        }

        CToasterDriver* driver = new (std::nothrow) CToasterDriver();
        if (driver == NULL) {
            return E_OUTOFMEMORY;
        }

        hr = driver->QueryInterface(Iid, Object);
        driver->Release();
        return hr;
    }

    STDMETHOD(LockServer)(_In_ BOOL Lock)
    {
        UNREFERENCED_PARAMETER(Lock);
        return S_OK;
    }
};

BOOL
WINAPI
DllMain(
    HINSTANCE Instance,
    DWORD     Reason,
    LPVOID    Reserved
    )
{
    UNREFERENCED_PARAMETER(Reserved);

    if (Reason == DLL_PROCESS_ATTACH) {
        DisableThreadLibraryCalls(Instance);
    }
    return TRUE;
}

STDAPI
DllGetClassObject(
    _In_ REFCLSID ClassId,
    _In_ REFIID   Iid,
    _Outptr_ LPVOID* Object
    )
{
    HRESULT hr;

    *Object = NULL;
    if (ClassId != CLSID_ToasterDriver) {
        return CLASS_E_CLASSNOTAVAILABLE;
    }

    CToasterClassFactory* factory = new (std::nothrow) CToasterClassFactory();
    if (factory == NULL) {
        return E_OUTOFMEMORY;
    }

    hr = factory->QueryInterface(Iid, Object);
    factory->Release();
    return hr;
}

STDMETHODIMP
CToasterDriver::QueryInterface(
    _In_ REFIID Iid,
    _Out_ PVOID* Object
    )
{
    if (Iid == IID_IUnknown || Iid == __uuidof(IDriverEntry)) {
        AddRef();
        *Object = static_cast<IDriverEntry*>(this);
        return S_OK;
    }
    *Object = NULL;
    return E_NOINTERFACE;
}

STDMETHODIMP
CToasterDriver::OnInitialize(
    _In_ IWDFDriver* FxDriver
    )
{
    UNREFERENCED_PARAMETER(FxDriver);
    return S_OK;
}

STDMETHODIMP
CToasterDriver::OnDeviceAdd(
    _In_ IWDFDriver* FxDriver,
    _In_ IWDFDeviceInitialize* FxDeviceInit
    )
{
    return ToasterCreateDevice(FxDriver, FxDeviceInit);
}

STDMETHODIMP_(VOID)
CToasterDriver::OnDeinitialize(
    _In_ IWDFDriver* FxDriver
    )
{
    UNREFERENCED_PARAMETER(FxDriver);
}
