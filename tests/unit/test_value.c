/* np_value: ordered maps, lists, equality, copies. */
#include <math.h>

#include "harness.h"
#include "value.h"

static np_slice s(const char *t)
{
  return np_slice_from(t, strlen(t));
}

int main(void)
{
  np_arena *a = np_arena_new();
  np_value *map = np_value_new(a, NP_VALUE_MAP);
  np_value_map_set(a, map, s("b"), np_value_new_int(a, 1));
  np_value_map_set(a, map, s("a"), np_value_new_int(a, 2));
  np_value_map_set(a, map, s("b"), np_value_new_int(a, 3)); /* replaces */
  INT_EQ(map->as.map.len, 2);
  MEM_EQ(map->as.map.entries[0].key.ptr, map->as.map.entries[0].key.len, "b");
  INT_EQ(np_value_map_get(map, s("b"))->as.integer, 3);
  INT_EQ(np_value_map_find(map, s("a")), 1);
  INT_EQ(np_value_map_find(map, s("zz")), -1);
  OK(np_value_map_remove(map, s("b")), "remove present");
  OK(!np_value_map_remove(map, s("b")), "remove absent");
  INT_EQ(map->as.map.len, 1);
  MEM_EQ(map->as.map.entries[0].key.ptr, map->as.map.entries[0].key.len, "a");

  np_value *list = np_value_new(a, NP_VALUE_LIST);
  for (int i = 0; i < 100; i++) {
    np_value_list_append(a, list, np_value_new_int(a, i));
  }
  np_value_map_set(a, map, s("list"), list);
  INT_EQ(np_value_count(map), 1 + 1 + 1 + 100);
  np_value *copy = np_value_copy(a, map);
  OK(np_value_equal(copy, map), "copy equals");
  np_value_list_append(a, np_value_map_get(copy, s("list")),
                       np_value_new_int(a, 100));
  OK(!np_value_equal(copy, map), "copy is deep");
  INT_EQ(list->as.list.len, 100);

  OK(np_value_equal(np_value_new_float(a, NAN), np_value_new_float(a, NAN)),
     "NaN equals NaN");
  OK(!np_value_equal(np_value_new_float(a, 0.0), np_value_new_float(a, -0.0)),
     "0.0 and -0.0 are written differently");
  OK(!np_value_equal(np_value_new_int(a, 1), np_value_new_float(a, 1.0)),
     "int 1 is not float 1.0");
  OK(!np_value_equal(np_value_new_string(a, "1", 1), np_value_new_int(a, 1)),
     "string '1' is not int 1");
  STR_EQ(np_value_kind_name(NP_VALUE_TIMESTAMP), "timestamp");
  np_arena_free(a);
  return np_test_summary();
}
