// lab/app/keep_libraries_loaded.hpp — for LeakSanitizer's report at exit.
//
// glfwTerminate lets libGLX unload Mesa's driver (dlclose). Memory the driver
// keeps in its globals until exit is then reachable from nothing LSan can see,
// and its stacks name no module, so no suppression can match them: every
// window run under ASan would end in a "leak". Called just before
// glfwTerminate, keep_libraries_loaded() marks every loaded shared object
// RTLD_NODELETE, so the driver stays mapped and its memory stays reachable.
// It does this only in AddressSanitizer builds; elsewhere it does nothing.
#pragma once

namespace lab::app {

void keep_libraries_loaded();

}  // namespace lab::app
