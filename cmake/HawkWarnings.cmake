# Warnings for every hawk target. -Werror when CI is set (or HAWK_WERROR is ON);
# thread-safety violations are always errors in the code that carries annotations.
if(DEFINED ENV{CI} AND NOT "$ENV{CI}" STREQUAL "" AND NOT "$ENV{CI}" STREQUAL "false")
  set(_hawk_werror_default ON)
else()
  set(_hawk_werror_default OFF)
endif()
option(HAWK_WERROR "Treat warnings as errors" ${_hawk_werror_default})

if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
  message(FATAL_ERROR "hawk is built with clang (use the CMake presets: clang-19); got ${CMAKE_CXX_COMPILER_ID}")
endif()

function(hawk_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wthread-safety -Werror=thread-safety)
  if(HAWK_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
