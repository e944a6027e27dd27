"""Django's database cache, shared by every web worker, with an atomic incr().

django-ratelimit counts with cache.add() then cache.incr(). Django's DatabaseCache.incr() is a
get then a set, so two workers counting at once can both write n + 1 (django-ratelimit's own
check refuses that cache for this reason, E003). Here incr() is a compare-and-set UPDATE:
it writes n + delta only where the row still holds n, and reads again if another worker got
there first, so every request is counted on SQLite and PostgreSQL alike. The rest is
DatabaseCache unchanged (createcachetable makes its table: migration limits/0001).
"""

import base64
import pickle

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router
from django.utils.timezone import now as tz_now

TRIES = 50  # compare-and-set rounds before giving up (each lost round means another counted)


class AtomicDatabaseCache(DatabaseCache):
    def incr(self, key, delta=1, version=None):
        key = self.make_and_validate_key(key, version=version)
        connection = connections[router.db_for_write(self.cache_model_class)]
        quote = connection.ops.quote_name
        table, value_column = quote(self._table), quote("value")
        key_column, expires_column = quote("cache_key"), quote("expires")
        for _ in range(TRIES):
            now = tz_now().replace(microsecond=0, tzinfo=None)  # as DatabaseCache.has_key
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {value_column} FROM {table} "
                    f"WHERE {key_column} = %s AND {expires_column} > %s",
                    [key, connection.ops.adapt_datetimefield_value(now)],
                )
                row = cursor.fetchone()
                if row is None:
                    raise ValueError(f"Key '{key}' not found")
                stored = connection.ops.process_clob(row[0])
                new_value = pickle.loads(base64.b64decode(stored.encode())) + delta
                pickled = pickle.dumps(new_value, self.pickle_protocol)
                cursor.execute(
                    f"UPDATE {table} SET {value_column} = %s "
                    f"WHERE {key_column} = %s AND {value_column} = %s",
                    [base64.b64encode(pickled).decode("latin1"), key, stored],
                )
                if cursor.rowcount == 1:
                    return new_value
        raise ValueError(f"Key '{key}' changed {TRIES} times while being counted")
