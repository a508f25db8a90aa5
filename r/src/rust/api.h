SEXP savvy_formula_load__ffi(SEXP c_arg__source, SEXP c_arg__scenarios, SEXP c_arg__keys, SEXP c_arg__values, SEXP c_arg__origins);
SEXP savvy_formulas_bundled__ffi(void);
SEXP savvy_run_new__ffi(SEXP c_arg__formula, SEXP c_arg__paths, SEXP c_arg__source, SEXP c_arg__columns);
SEXP savvy_trend_outputs__ffi(SEXP c_arg__formula, SEXP c_arg__paths, SEXP c_arg__source, SEXP c_arg__columns);

// methods and associated functions for SeniFormula
SEXP savvy_SeniFormula_info__ffi(SEXP self__);

// methods and associated functions for SeniRun
SEXP savvy_SeniRun_allocate__ffi(SEXP self__);
SEXP savvy_SeniRun_audit__ffi(SEXP self__, SEXP c_arg__groups, SEXP c_arg__affected);
SEXP savvy_SeniRun_compare__ffi(SEXP self__, SEXP c_arg__other);
SEXP savvy_SeniRun_compute__ffi(SEXP self__);
SEXP savvy_SeniRun_explain__ffi(SEXP self__, SEXP c_arg__school);
SEXP savvy_SeniRun_info__ffi(SEXP self__);
SEXP savvy_SeniRun_sensitivity__ffi(SEXP self__, SEXP c_arg__draws, SEXP c_arg__seed, SEXP c_arg__sobol, SEXP c_arg__school);
