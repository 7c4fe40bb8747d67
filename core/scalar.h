/* How Jekyll types an unquoted front-matter scalar: the rules of Ruby's
 * Psych ScalarScanner (YAML 1.1 flavoured), written out in
 * docs/front-matter.md. Quoted scalars never come here: they are strings. */
#ifndef NP_SCALAR_H
#define NP_SCALAR_H

#include "value.h"

/** Sets out->kind and out->as from the plain scalar `text` (out->as.string
 * points into `text` when it stays a string). Never fails: what matches no
 * rule is a string. */
void np_scalar_resolve(np_slice text, np_value *out);

/** True when `text` written plain would read back as the string `text`. */
bool np_scalar_plain_is_string(np_slice text);

#endif
