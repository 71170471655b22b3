#include "knowledge/dialect.hpp"

#include <array>

namespace pagewise {

namespace {

using K = TokenKind;

// Field order: name, kind, takes_args, record, cpp_only.
constexpr DialectToken kTokens[] = {
    // --- Calling conventions, linkage, decoration (windef.h, winnt.h, ntdef.h, wdf.h) ---------
    {"IN", K::Decoration},        // ntdef.h: expands to nothing; whole identifier only
    {"OUT", K::Decoration},       // ntdef.h
    {"OPTIONAL", K::Decoration},  // ntdef.h
    {"NTAPI", K::Decoration},     // ntdef.h: __stdcall
    {"NTAPI_INLINE", K::Decoration},
    {"WINAPI", K::Decoration},   // windef.h: __stdcall
    {"WINAPIV", K::Decoration},  // windef.h: __cdecl
    {"APIENTRY", K::Decoration},
    {"CALLBACK", K::Decoration},
    {"PASCAL", K::Decoration},
    {"CDECL", K::Decoration},
    {"_cdecl", K::Decoration},       // old MSVC spelling of __cdecl; the grammars do not know it
    {"_stdcall", K::Decoration},     // old MSVC spelling of __stdcall
    {"_fastcall", K::Decoration},    // old MSVC spelling of __fastcall
    {"FASTCALL", K::Decoration},     // ntdef.h: __fastcall
    {"FLTAPI", K::Decoration},       // fltKernel.h: NTAPI
    {"USB_BUSIFFN", K::Decoration},  // usbbusif.h: __stdcall (USB bus interface routines)
    // The C++ grammar rejects these in member declarations (`HRESULT __stdcall Query(...);` in a
    // class body is an ERROR); elsewhere both grammars parse them, so C files keep them.
    {"__stdcall", K::Decoration, false, false, true},
    {"__cdecl", K::Decoration, false, false, true},
    {"__fastcall", K::Decoration, false, false, true},
    {"__thiscall", K::Decoration, false, false, true},
    {"__vectorcall", K::Decoration, false, false, true},
    {"__clrcall", K::Decoration, false, false, true},
    {"STDMETHODCALLTYPE", K::Decoration},
    {"STDMETHODVCALLTYPE", K::Decoration},
    {"STDAPICALLTYPE", K::Decoration},
    {"STDAPIVCALLTYPE", K::Decoration},
    {"WDFAPI", K::Decoration},  // wdf.h
    {"EXTERN_C", K::Decoration},
    {"EXTERN_C_START", K::Decoration},
    {"EXTERN_C_END", K::Decoration},
    {"WDF_EXTERN_C_START", K::Decoration},  // wdf.h
    {"WDF_EXTERN_C_END", K::Decoration},
    {"NTKERNELAPI", K::Decoration},  // wdm.h: DECLSPEC_IMPORT
    {"NTSYSAPI", K::Decoration},
    {"NTSYSCALLAPI", K::Decoration},
    {"NTHALAPI", K::Decoration},
    {"__RPC_FAR", K::Decoration},  // rpc.h
    {"__RPC_API", K::Decoration},
    {"__RPC_USER", K::Decoration},
    {"__RPC_STUB", K::Decoration},
    {"RPC_ENTRY", K::Decoration},
    {"UNALIGNED", K::Decoration},   // winnt.h: __unaligned
    {"POINTER_32", K::Decoration},  // basetsd.h: __ptr32
    {"POINTER_64", K::Decoration},  // basetsd.h: __ptr64
    {"__ptr32", K::Decoration},     // MSVC keyword the grammars reject in every position
    {"__ptr64", K::Decoration},
    {"__unaligned", K::Decoration},  // native only after '*'; `__unaligned int *p` breaks
    {"FAR", K::Decoration},
    {"NEAR", K::Decoration},
    {"ETW_INLINE", K::Decoration},                // evntprov.h
    {"FORCEINLINE", K::Decoration, false, true},  // recorded: the function is inline
    {"__analysis_noreturn", K::Decoration},       // sal.h
    {"DECLSPEC_NOINLINE", K::Decoration},         // winnt.h: __declspec(noinline)
    {"DECLSPEC_NORETURN", K::Decoration},
    {"DECLSPEC_NOTHROW", K::Decoration},
    {"DECLSPEC_SELECTANY", K::Decoration},
    {"DECLSPEC_IMPORT", K::Decoration},
    {"DECLSPEC_EXPORT", K::Decoration},
    {"DECLSPEC_CACHEALIGN", K::Decoration},
    {"DECLSPEC_NOVTABLE", K::Decoration},
    {"DECLSPEC_RESTRICT", K::Decoration},
    {"DECLSPEC_SAFEBUFFERS", K::Decoration},
    {"DECLSPEC_NOINITALL", K::Decoration},
    {"DECLSPEC_GUARDNOCF", K::Decoration},
    {"DECLSPEC_GUARD_SUPPRESS", K::Decoration},
    {"DECLSPEC_ALLOCATOR", K::Decoration},
    {"DECLSPEC_HOTPATCH", K::Decoration},
    {"DECLSPEC_DEPRECATED", K::Decoration},
    {"DECLSPEC_DEPRECATED_DDK", K::Decoration},
    {"DECLSPEC_DEPRECATED_DDK_WINXP", K::Decoration},
    {"DECLSPEC_ALIGN", K::Decoration, true},  // DECLSPEC_ALIGN(n)
    {"DECLSPEC_UUID", K::Decoration, true},   // DECLSPEC_UUID("...")
    // Both grammars accept only `__declspec(identifier)`; code_seg("PAGE") and allocate("X")
    // carry placement facts (paging-rules.md §1.2), so every __declspec is kept.
    {"__declspec", K::Decoration, true, true},

    // KMDF file-scope declaration macros, written without ';': left in, they become the return
    // type of the next function (a header error).
    {"WDF_DECLARE_CONTEXT_TYPE", K::Decoration, true},            // wdftypes.h
    {"WDF_DECLARE_CONTEXT_TYPE_WITH_NAME", K::Decoration, true},  // wdftypes.h

    // --- Return-type wrappers: COM-style method definitions, common in PortCls/AVStream miniports
    // (basetyps.h: #define STDMETHODIMP_(type) type STDMETHODCALLTYPE).
    {"STDMETHODIMP_", K::TypeWrapper, true},
    {"STDAPI_", K::TypeWrapper, true},          // EXTERN_C type STDAPICALLTYPE
    {"IFACEMETHODIMP_", K::TypeWrapper, true},  // __override STDMETHODIMP_(type)

    // --- Pragma operators: not preprocessor lines, so the directive scan cannot see them -------
    {"__pragma", K::Pragma, true, true},  // MSVC operator; inside PAGED_CODE_SEG_BEGIN etc.
    {"_Pragma", K::Pragma, true, true},   // C99 / C++11 operator

    // --- Code placement (paging-rules.md §1.2). Resolved later from their #define or a default.
    {"PAGED_CODE_SEG", K::Placement, false, true},  // Acx samples: __declspec(code_seg("PAGE"))
    {"INIT_CODE_SEG", K::Placement, false, true},
    {"NONPAGED_CODE_SEG", K::Placement, false, true},
    {"LOCKED_CODE_SEG", K::Placement, false, true},
    {"PAGED_CODE_SEG_BEGIN", K::Placement, false, true},  // UcmUcsiAcpiSample ProjectCommon.h
    {"PAGED_CODE_SEG_END", K::Placement, false, true},
    {"INIT_CODE_SEG_BEGIN", K::Placement, false, true},
    {"INIT_CODE_SEG_END", K::Placement, false, true},
    {"GC_PAGED_SEGMENT_BEGIN", K::Placement, false, true},  // display-driver header, §1.2
    {"GC_PAGED_SEGMENT_END", K::Placement, false, true},
    // ndis.h wrappers around alloc_text; written as file-scope statements, usually without ';'.
    {"NDIS_PAGEABLE_FUNCTION", K::Placement, true, true},
    {"NDIS_PAGABLE_FUNCTION", K::Placement, true, true},
    {"NDIS_INIT_FUNCTION", K::Placement, true, true},

    // --- Modern SAL recorded (learn.microsoft.com/windows-hardware/drivers/devtest/
    //     sal-2-annotations-for-drivers; cpp/code-quality/annotating-locking-behavior) -----------
    {"_Function_class_", K::Annotation, true, true},
    // `_At_(*OldIrql, _IRQL_saves_)`: an annotation on what a parameter points to; kept so the
    // parameter that receives the saved IRQL is known (devtest/irql-annotations-for-drivers).
    {"_At_", K::Annotation, true, true},
    {"_Dispatch_type_", K::Annotation, true, true},
    {"_Use_decl_annotations_", K::Annotation, false, true},
    {"_Requires_lock_held_", K::Annotation, true, true},
    {"_Requires_lock_not_held_", K::Annotation, true, true},
    {"_Requires_no_locks_held_", K::Annotation, false, true},
    {"_Requires_exclusive_lock_held_", K::Annotation, true, true},
    {"_Requires_shared_lock_held_", K::Annotation, true, true},
    {"_Acquires_lock_", K::Annotation, true, true},
    {"_Acquires_exclusive_lock_", K::Annotation, true, true},
    {"_Acquires_shared_lock_", K::Annotation, true, true},
    {"_Acquires_nonreentrant_lock_", K::Annotation, true, true},
    {"_Releases_lock_", K::Annotation, true, true},
    {"_Releases_exclusive_lock_", K::Annotation, true, true},
    {"_Releases_shared_lock_", K::Annotation, true, true},
    {"_Releases_nonreentrant_lock_", K::Annotation, true, true},
    // driverspecs.h, the older __drv_ spellings of the same facts.
    {"__drv_dispatchType", K::Annotation, true, true},
    {"__drv_dispatchType_other", K::Annotation, false, true},
    {"__drv_functionClass", K::Annotation, true, true},
    {"__drv_maxIRQL", K::Annotation, true, true},
    {"__drv_minIRQL", K::Annotation, true, true},
    {"__drv_maxFunctionIRQL", K::Annotation, true, true},
    {"__drv_minFunctionIRQL", K::Annotation, true, true},
    {"__drv_requiresIRQL", K::Annotation, true, true},
    {"__drv_raisesIRQL", K::Annotation, true, true},
    {"__drv_setsIRQL", K::Annotation, true, true},
    {"__drv_savesIRQL", K::Annotation, false, true},
    // `__drv_deref(__drv_savesIRQL)`: the same fact about what the parameter points to.
    {"__drv_deref", K::Annotation, true, true},
    {"__drv_restoresIRQL", K::Annotation, false, true},
    {"__drv_savesIRQLGlobal", K::Annotation, true, true},
    {"__drv_restoresIRQLGlobal", K::Annotation, true, true},
    {"__drv_sameIRQL", K::Annotation, false, true},
    {"__drv_acquiresResource", K::Annotation, true, true},
    {"__drv_releasesResource", K::Annotation, true, true},
    {"__drv_acquiresExclusiveResource", K::Annotation, true, true},
    {"__drv_releasesExclusiveResource", K::Annotation, true, true},
    {"__drv_acquiresCancelSpinLock", K::Annotation, false, true},
    {"__drv_releasesCancelSpinLock", K::Annotation, false, true},
    {"__drv_mustHold", K::Annotation, true, true},
    {"__drv_neverHold", K::Annotation, true, true},

    // --- Old-style DDK annotations (specstrings.h / sal.h before SAL 2) -----------------------
    {"__in", K::OldAnnotation},
    {"__in_opt", K::OldAnnotation},
    {"__in_z", K::OldAnnotation},
    {"__in_z_opt", K::OldAnnotation},
    {"__in_nz", K::OldAnnotation},
    {"__in_bcount", K::OldAnnotation, true},
    {"__in_ecount", K::OldAnnotation, true},
    {"__in_xcount", K::OldAnnotation, true},
    {"__in_bcount_opt", K::OldAnnotation, true},
    {"__in_ecount_opt", K::OldAnnotation, true},
    {"__in_bcount_z", K::OldAnnotation, true},
    {"__in_ecount_z", K::OldAnnotation, true},
    {"__in_bcount_nz", K::OldAnnotation, true},
    {"__in_ecount_nz", K::OldAnnotation, true},
    {"__in_range", K::OldAnnotation, true},
    {"__out", K::OldAnnotation},
    {"__out_opt", K::OldAnnotation},
    {"__out_z", K::OldAnnotation},
    {"__out_z_opt", K::OldAnnotation},
    {"__out_bcount", K::OldAnnotation, true},
    {"__out_ecount", K::OldAnnotation, true},
    {"__out_xcount", K::OldAnnotation, true},
    {"__out_bcount_opt", K::OldAnnotation, true},
    {"__out_ecount_opt", K::OldAnnotation, true},
    {"__out_bcount_part", K::OldAnnotation, true},
    {"__out_ecount_part", K::OldAnnotation, true},
    {"__out_bcount_part_opt", K::OldAnnotation, true},
    {"__out_ecount_part_opt", K::OldAnnotation, true},
    {"__out_bcount_full", K::OldAnnotation, true},
    {"__out_ecount_full", K::OldAnnotation, true},
    {"__out_bcount_full_opt", K::OldAnnotation, true},
    {"__out_ecount_full_opt", K::OldAnnotation, true},
    {"__out_bcount_z", K::OldAnnotation, true},
    {"__out_ecount_z", K::OldAnnotation, true},
    {"__out_range", K::OldAnnotation, true},
    {"__inout", K::OldAnnotation},
    {"__inout_opt", K::OldAnnotation},
    {"__inout_z", K::OldAnnotation},
    {"__inout_z_opt", K::OldAnnotation},
    {"__inout_nz", K::OldAnnotation},
    {"__inout_bcount", K::OldAnnotation, true},
    {"__inout_ecount", K::OldAnnotation, true},
    {"__inout_bcount_opt", K::OldAnnotation, true},
    {"__inout_ecount_opt", K::OldAnnotation, true},
    {"__inout_bcount_part", K::OldAnnotation, true},
    {"__inout_ecount_part", K::OldAnnotation, true},
    {"__inout_bcount_full", K::OldAnnotation, true},
    {"__inout_ecount_full", K::OldAnnotation, true},
    {"__inout_bcount_z", K::OldAnnotation, true},
    {"__inout_ecount_z", K::OldAnnotation, true},
    {"__deref_in", K::OldAnnotation},
    {"__deref_in_opt", K::OldAnnotation},
    {"__deref_in_bcount", K::OldAnnotation, true},
    {"__deref_in_ecount", K::OldAnnotation, true},
    {"__deref_in_range", K::OldAnnotation, true},
    {"__deref_out", K::OldAnnotation},
    {"__deref_out_opt", K::OldAnnotation},
    {"__deref_out_z", K::OldAnnotation},
    {"__deref_out_z_opt", K::OldAnnotation},
    {"__deref_out_bcount", K::OldAnnotation, true},
    {"__deref_out_ecount", K::OldAnnotation, true},
    {"__deref_out_bcount_opt", K::OldAnnotation, true},
    {"__deref_out_ecount_opt", K::OldAnnotation, true},
    {"__deref_out_bcount_part", K::OldAnnotation, true},
    {"__deref_out_ecount_part", K::OldAnnotation, true},
    {"__deref_out_bcount_full", K::OldAnnotation, true},
    {"__deref_out_ecount_full", K::OldAnnotation, true},
    {"__deref_out_range", K::OldAnnotation, true},
    {"__deref_inout", K::OldAnnotation},
    {"__deref_inout_opt", K::OldAnnotation},
    {"__deref_inout_z", K::OldAnnotation},
    {"__deref_inout_bcount", K::OldAnnotation, true},
    {"__deref_inout_ecount", K::OldAnnotation, true},
    {"__deref_inout_range", K::OldAnnotation, true},
    {"__deref_opt_in", K::OldAnnotation},
    {"__deref_opt_out", K::OldAnnotation},
    {"__deref_opt_out_opt", K::OldAnnotation},
    {"__deref_opt_inout", K::OldAnnotation},
    {"__deref_opt_inout_opt", K::OldAnnotation},
    {"__deref_opt_out_bcount", K::OldAnnotation, true},
    {"__deref_opt_out_ecount", K::OldAnnotation, true},
    {"__field_bcount", K::OldAnnotation, true},
    {"__field_ecount", K::OldAnnotation, true},
    {"__field_bcount_opt", K::OldAnnotation, true},
    {"__field_ecount_opt", K::OldAnnotation, true},
    {"__field_bcount_part", K::OldAnnotation, true},
    {"__field_ecount_part", K::OldAnnotation, true},
    {"__field_bcount_full", K::OldAnnotation, true},
    {"__field_ecount_full", K::OldAnnotation, true},
    {"__field_range", K::OldAnnotation, true},
    {"__field_nullterminated", K::OldAnnotation},
    {"__struct_bcount", K::OldAnnotation, true},
    {"__struct_xcount", K::OldAnnotation, true},
    {"__bcount", K::OldAnnotation, true},
    {"__ecount", K::OldAnnotation, true},
    {"__bcount_opt", K::OldAnnotation, true},
    {"__ecount_opt", K::OldAnnotation, true},
    {"__xcount", K::OldAnnotation, true},
    {"__range", K::OldAnnotation, true},
    {"__success", K::OldAnnotation, true},
    {"__typefix", K::OldAnnotation, true},
    {"__on_failure", K::OldAnnotation, true},
    {"__control_entrypoint", K::OldAnnotation, true},
    {"__data_entrypoint", K::OldAnnotation, true},
    {"__rpc_entrypoint", K::OldAnnotation},
    {"__readableTo", K::OldAnnotation, true},
    {"__writableTo", K::OldAnnotation, true},
    {"__elem_readableTo", K::OldAnnotation, true},
    {"__elem_writableTo", K::OldAnnotation, true},
    {"__byte_readableTo", K::OldAnnotation, true},
    {"__byte_writableTo", K::OldAnnotation, true},
    {"__inexpressible_readableTo", K::OldAnnotation, true},
    {"__checkReturn", K::OldAnnotation},
    {"__nullterminated", K::OldAnnotation},
    {"__nullnullterminated", K::OldAnnotation},
    {"__possibly_notnullterminated", K::OldAnnotation},
    {"__reserved", K::OldAnnotation},
    {"__notnull", K::OldAnnotation},
    {"__maybenull", K::OldAnnotation},
    {"__readonly", K::OldAnnotation},
    {"__valid", K::OldAnnotation},
    {"__notvalid", K::OldAnnotation},
    {"__format_string", K::OldAnnotation},
    {"__callback", K::OldAnnotation},
    {"__override", K::OldAnnotation},
    {"__fallthrough", K::OldAnnotation},
    {"__refparam", K::OldAnnotation},
    {"__pre", K::OldAnnotation},
    {"__post", K::OldAnnotation},
    {"__deref", K::OldAnnotation},
    // driverspecs.h file-scope markers, written as `__kernel_driver;`
    {"__kernel_code", K::OldAnnotation},
    {"__kernel_driver", K::OldAnnotation},
    {"__user_code", K::OldAnnotation},
    {"__user_driver", K::OldAnnotation},
};

constexpr DialectPrefix kPrefixes[] = {
    {"__drv_", "driverspecs.h annotations (__drv_aliasesMem, __drv_allocatesMem(Mem), ...)"},
    {"__RPC__", "rpcsal.h annotations (__RPC__in, __RPC__in_ecount_full(n), ...)"},
};

constexpr SameLengthRewrite kRewrites[] = {
    {"CONST", "const"},      // ntdef.h: #define CONST const
    {"INLINE", "inline"},    // parsing-notes §9; projects define it as inline or __inline
    {"_inline", "inline "},  // old MSVC spelling of __inline
    // `#define WHILE(c) __pragma(warning(disable: 4127)) while(c) __pragma(warning(default:
    // 4127))`: a `while` that silences C4127 in `do { ... } WHILE (FALSE);` (KMDF PCI and serial
    // samples, microsoft/Windows-driver-samples: general/pcidrv/kmdf/HW/nic_init.c).
    {"WHILE", "while"},
};

constexpr SehMacro kSeh[] = {
    {"try", SehContext::BeforeBrace},        // excpt.h: #define try __try
    {"finally", SehContext::BeforeBrace},    // #define finally __finally
    {"except", SehContext::BeforeParen},     // #define except __except
    {"leave", SehContext::BeforeSemicolon},  // #define leave __leave
    // Storage class drivers spell a try/finally with goto: `#define TRY`, `#define LEAVE goto
    // __label`, `#define FINALLY __label:` (microsoft/Windows-driver-samples:
    // storage/class/classpnp/src/classp.h). Blanked, the blocks read in order, as they run.
    {"TRY", SehContext::BeforeBrace},
    {"FINALLY", SehContext::BeforeBrace},
    {"LEAVE", SehContext::BeforeSemicolon},
};

constexpr std::string_view kPlacementBodyWords[] = {
    "code_seg", "alloc_text", "data_seg", "bss_seg", "const_seg",  // the section pragmas
    "__pragma", "_Pragma",  // a pragma operator: blanking it is harmless, its pragma is read later
};

}  // namespace

std::span<const DialectToken> dialect_tokens() { return kTokens; }
std::span<const DialectPrefix> blanked_prefixes() { return kPrefixes; }
std::span<const SehMacro> seh_keyword_macros() { return kSeh; }
std::span<const SameLengthRewrite> same_length_rewrites() { return kRewrites; }
std::span<const std::string_view> placement_body_words() { return kPlacementBodyWords; }

}  // namespace pagewise
