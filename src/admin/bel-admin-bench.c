/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "bel-admin-bench"

#include "bel-admin.h"

/* Temporary until the search benchmark lands (owned by the search work). */
int
bel_admin_bench (int    argc,
                 char **argv)
{
  return bel_admin_fail (1, "bench is not built yet");
}
