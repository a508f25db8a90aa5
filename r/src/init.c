
// clang-format sorts includes unless SortIncludes: Never. However, the ordering
// does matter here. So, we need to disable clang-format for safety.

// clang-format off
#include <stdint.h>
#include <Rinternals.h>
#include <R_ext/Parse.h>
// clang-format on

#include "rust/api.h"

static uintptr_t TAGGED_POINTER_MASK = (uintptr_t)1;

SEXP handle_result(SEXP res_) {
    uintptr_t res = (uintptr_t)res_;

    // An error is indicated by tag.
    if ((res & TAGGED_POINTER_MASK) == 1) {
        // Remove tag
        SEXP res_aligned = (SEXP)(res & ~TAGGED_POINTER_MASK);

        // Currently, there are two types of error cases:
        //
        //   1. Error from Rust code
        //   2. Error from R's C API, which is caught by R_UnwindProtect()
        //
        if (TYPEOF(res_aligned) == CHARSXP) {
            // In case 1, the result is an error message that can be passed to
            // Rf_errorcall() directly.
            Rf_errorcall(R_NilValue, "%s", CHAR(res_aligned));
        } else {
            // In case 2, the result is the token to restart the
            // cleanup process on R's side.
            R_ContinueUnwind(res_aligned);
        }
    }

    return (SEXP)res;
}

SEXP savvy_formula_load__impl(SEXP c_arg__source, SEXP c_arg__scenarios, SEXP c_arg__keys, SEXP c_arg__values, SEXP c_arg__origins) {
    SEXP res = savvy_formula_load__ffi(c_arg__source, c_arg__scenarios, c_arg__keys, c_arg__values, c_arg__origins);
    return handle_result(res);
}

SEXP savvy_formulas_bundled__impl(void) {
    SEXP res = savvy_formulas_bundled__ffi();
    return handle_result(res);
}

SEXP savvy_run_new__impl(SEXP c_arg__formula, SEXP c_arg__paths, SEXP c_arg__source, SEXP c_arg__columns) {
    SEXP res = savvy_run_new__ffi(c_arg__formula, c_arg__paths, c_arg__source, c_arg__columns);
    return handle_result(res);
}

SEXP savvy_trend_outputs__impl(SEXP c_arg__formula, SEXP c_arg__paths, SEXP c_arg__source, SEXP c_arg__columns) {
    SEXP res = savvy_trend_outputs__ffi(c_arg__formula, c_arg__paths, c_arg__source, c_arg__columns);
    return handle_result(res);
}

SEXP savvy_SeniFormula_info__impl(SEXP self__) {
    SEXP res = savvy_SeniFormula_info__ffi(self__);
    return handle_result(res);
}

SEXP savvy_SeniRun_allocate__impl(SEXP self__) {
    SEXP res = savvy_SeniRun_allocate__ffi(self__);
    return handle_result(res);
}

SEXP savvy_SeniRun_audit__impl(SEXP self__, SEXP c_arg__groups, SEXP c_arg__affected) {
    SEXP res = savvy_SeniRun_audit__ffi(self__, c_arg__groups, c_arg__affected);
    return handle_result(res);
}

SEXP savvy_SeniRun_compare__impl(SEXP self__, SEXP c_arg__other) {
    SEXP res = savvy_SeniRun_compare__ffi(self__, c_arg__other);
    return handle_result(res);
}

SEXP savvy_SeniRun_compute__impl(SEXP self__) {
    SEXP res = savvy_SeniRun_compute__ffi(self__);
    return handle_result(res);
}

SEXP savvy_SeniRun_explain__impl(SEXP self__, SEXP c_arg__school) {
    SEXP res = savvy_SeniRun_explain__ffi(self__, c_arg__school);
    return handle_result(res);
}

SEXP savvy_SeniRun_info__impl(SEXP self__) {
    SEXP res = savvy_SeniRun_info__ffi(self__);
    return handle_result(res);
}

SEXP savvy_SeniRun_sensitivity__impl(SEXP self__, SEXP c_arg__draws, SEXP c_arg__seed, SEXP c_arg__sobol, SEXP c_arg__school) {
    SEXP res = savvy_SeniRun_sensitivity__ffi(self__, c_arg__draws, c_arg__seed, c_arg__sobol, c_arg__school);
    return handle_result(res);
}


static const R_CallMethodDef CallEntries[] = {
    {"savvy_formula_load__impl", (DL_FUNC) &savvy_formula_load__impl, 5},
    {"savvy_formulas_bundled__impl", (DL_FUNC) &savvy_formulas_bundled__impl, 0},
    {"savvy_run_new__impl", (DL_FUNC) &savvy_run_new__impl, 4},
    {"savvy_trend_outputs__impl", (DL_FUNC) &savvy_trend_outputs__impl, 4},
    {"savvy_SeniFormula_info__impl", (DL_FUNC) &savvy_SeniFormula_info__impl, 1},
    {"savvy_SeniRun_allocate__impl", (DL_FUNC) &savvy_SeniRun_allocate__impl, 1},
    {"savvy_SeniRun_audit__impl", (DL_FUNC) &savvy_SeniRun_audit__impl, 3},
    {"savvy_SeniRun_compare__impl", (DL_FUNC) &savvy_SeniRun_compare__impl, 2},
    {"savvy_SeniRun_compute__impl", (DL_FUNC) &savvy_SeniRun_compute__impl, 1},
    {"savvy_SeniRun_explain__impl", (DL_FUNC) &savvy_SeniRun_explain__impl, 2},
    {"savvy_SeniRun_info__impl", (DL_FUNC) &savvy_SeniRun_info__impl, 1},
    {"savvy_SeniRun_sensitivity__impl", (DL_FUNC) &savvy_SeniRun_sensitivity__impl, 5},
    {NULL, NULL, 0}
};

void R_init_seni(DllInfo *dll) {
    R_registerRoutines(dll, NULL, CallEntries, NULL, NULL);
    R_useDynamicSymbols(dll, FALSE);

    // Functions for initialization, if any.

}
