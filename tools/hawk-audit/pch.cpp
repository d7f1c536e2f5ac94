// The translation unit that builds hawk-audit's precompiled header (CMakeLists.txt).
