/* JSON strings and values. */
#include <math.h>

#include "harness.h"
#include "json.h"

static void str_is(const char *in, size_t len, const char *want)
{
  np_buf b;
  np_buf_init(&b);
  np_json_string(&b, np_slice_from(in, len));
  MEM_EQ(b.data, b.len, want);
  np_buf_fini(&b);
}

int main(void)
{
  str_is("plain", 5, "\"plain\"");
  str_is("q\"b\\\n\t\r", 7, "\"q\\\"b\\\\\\n\\t\\r\"");
  str_is("\x01\x7f", 2, "\"\\u0001\\u007f\"");
  str_is("王毅", 6, "\"王毅\"");
  str_is("a\xFF"
         "b",
         3,
         "\"a\xEF\xBF\xBD"
         "b\"");
  str_is("nul\0x", 5, "\"nul\\u0000x\"");

  np_arena *a = np_arena_new();
  np_value *map = np_value_new(a, NP_VALUE_MAP);
  np_value *list = np_value_new(a, NP_VALUE_LIST);
  np_value_list_append(a, list, np_value_new_int(a, -3));
  np_value_list_append(a, list, np_value_new_float(a, 0.1));
  np_value_list_append(a, list, np_value_new_float(a, INFINITY));
  np_value_list_append(a, list, np_value_new(a, NP_VALUE_NULL));
  np_value_list_append(a, list, np_value_new_bool(a, true));
  np_value_map_set(a, map, np_slice_from("list", 4), list);
  np_timestamp ts = {1585621507, 0, 28800, false, ' ', 9, true, NP_ZONE_COLON};
  np_value_map_set(a, map, np_slice_from("date", 4),
                   np_value_new_timestamp(a, &ts));
  np_buf b;
  np_buf_init(&b);
  np_json_value(&b, map);
  STR_EQ(b.data, "{\"list\":[-3,0.1,null,null,true],\"date\":"
                 "\"2020-03-31T10:25:07+08:00\"}");
  np_buf_fini(&b);
  np_arena_free(a);
  return np_test_summary();
}
