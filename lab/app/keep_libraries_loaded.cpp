// lab/app/keep_libraries_loaded.cpp — see the header: pins every loaded shared
// object in AddressSanitizer builds so that LeakSanitizer sees Mesa's globals.
#include "lab/app/keep_libraries_loaded.hpp"

#if defined(__SANITIZE_ADDRESS__)
#define DESCENT_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define DESCENT_ASAN 1
#endif
#endif

#ifdef DESCENT_ASAN
#include <dlfcn.h>
#include <link.h>

#include <cstddef>
#endif

namespace lab::app {

void keep_libraries_loaded() {
#ifdef DESCENT_ASAN
  // RTLD_NOLOAD: only objects already loaded; RTLD_NODELETE: never unmapped,
  // even when its users dlclose it. The extra reference is never dropped.
  dl_iterate_phdr(
      [](dl_phdr_info* info, std::size_t, void*) {
        if (info->dlpi_name && *info->dlpi_name) dlopen(info->dlpi_name, RTLD_LAZY | RTLD_NOLOAD | RTLD_NODELETE);
        return 0;
      },
      nullptr);
#endif
}

}  // namespace lab::app
