/*++

Module Name:

    Device.cpp

Abstract:

    Creates the UmdfToaster device object. The toaster has no I/O of its
    own yet; the framework fails requests for it.

Environment:

    User mode (Windows Driver Foundation host process).

--*/

#include "Internal.h"

HRESULT
ToasterCreateDevice(
    _In_ IWDFDriver* FxDriver,
    _In_ IWDFDeviceInitialize* FxDeviceInit
    )
{
    IWDFDevice* fxDevice = NULL;
    HRESULT     hr;

    //
    // Our host process is the only one that sees this device: no locking
    // model beyond the default is needed.
    //
    FxDeviceInit->SetLockingConstraint(None);
    FxDeviceInit->SetPowerPolicyOwnership(TRUE);

    hr = FxDriver->CreateDevice(FxDeviceInit, NULL, &fxDevice);
    if (FAILED(hr)) {
        return hr;
    }

    //
    // The framework keeps its own reference to the device.
    //
    fxDevice->Release();

    return S_OK;
}
