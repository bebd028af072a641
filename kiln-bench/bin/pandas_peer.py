"""The pandas peer of `kiln data profile`: read_csv + describe(include='all') on one file.

Usage: pandas_peer.py FILE [ENGINE]   (ENGINE: c, the default, or pyarrow when installed)
Prints one line: import=S read=S describe=S total=S rows=N (seconds, timed inside the process;
total excludes the interpreter's own start, which the driver's wall time includes).
"""
import sys
import time

t0 = time.perf_counter()
import pandas as pd  # noqa: E402  (timed on purpose)

t1 = time.perf_counter()
engine = sys.argv[2] if len(sys.argv) > 2 else "c"
df = pd.read_csv(sys.argv[1], engine=engine)
t2 = time.perf_counter()
summary = df.describe(include="all")
t3 = time.perf_counter()
assert summary.shape[1] == df.shape[1], "describe dropped columns"
print(
    f"import={t1 - t0:.3f} read={t2 - t1:.3f} describe={t3 - t2:.3f} "
    f"total={t3 - t0:.3f} rows={len(df)} engine={engine} pandas={pd.__version__}"
)
