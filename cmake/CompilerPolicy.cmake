# Compiler policy as an interface target: every Tessera target links tessera_policy.
add_library(tessera_policy INTERFACE)
target_compile_options(tessera_policy INTERFACE
    -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor
    -Wold-style-cast -Woverloaded-virtual -Wnull-dereference -Wimplicit-fallthrough
    $<$<BOOL:${TESSERA_WERROR}>:-Werror>)
target_compile_definitions(tessera_policy INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_NARROWING_CONVERSIONS_IN_CONNECT QT_NO_URL_CAST_FROM_STRING
    QT_NO_KEYWORDS QT_NO_FOREACH QT_USE_QSTRINGBUILDER
    $<$<NOT:$<CONFIG:Debug>>:_FORTIFY_SOURCE=2>
    $<$<CONFIG:Release,RelWithDebInfo,MinSizeRel>:TESSERA_HARDEN_PROCESS>)
target_compile_options(tessera_policy INTERFACE -fstack-protector-strong -fstack-clash-protection -fcf-protection)
target_link_options(tessera_policy INTERFACE -Wl,-z,relro -Wl,-z,now -Wl,-z,noexecstack)

if(TESSERA_SANITIZE)
    target_compile_options(tessera_policy INTERFACE
        -fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer)
    target_link_options(tessera_policy INTERFACE -fsanitize=address,undefined)
endif()
if(TESSERA_SANITIZE_THREAD)
    if(TESSERA_SANITIZE)
        message(FATAL_ERROR "ThreadSanitizer cannot be combined with AddressSanitizer: use two build folders")
    endif()
    target_compile_options(tessera_policy INTERFACE -fsanitize=thread -fno-omit-frame-pointer)
    target_link_options(tessera_policy INTERFACE -fsanitize=thread)
endif()

# ccache with paths relative to the source tree, so that a fresh clone elsewhere (as CI
# builds) reuses what an earlier build of the same sources compiled.
find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
    set(CMAKE_CXX_COMPILER_LAUNCHER ${CMAKE_COMMAND} -E env CCACHE_BASEDIR=${PROJECT_SOURCE_DIR} CCACHE_NOHASHDIR=1
        ${CCACHE_PROGRAM})
endif()
