#!/usr/bin/python3
"""The Python peer of the model-server benchmark (issue 6): an MLflow-style scoring server.

What `mlflow models serve` does for an XGBoost classifier, written out with the libraries it uses
(FastAPI + uvicorn, pandas, xgboost; Debian's packages), so the benchmark needs no MLflow install:
POST /invocations parses the JSON body (dataframe_split, dataframe_records, instances or inputs) into
a pandas DataFrame, casts the columns to the signature's type (MLflow's schema enforcement), calls
the model's predict and answers {"predictions": [...]}; GET /ping answers 200.

usage: serve_peer.py train TRAIN.csv MODEL_OUT          # 200 trees, depth 6, eta 0.1, hist
       serve_peer.py bodies TEST.csv OUT_DIR            # request bodies for wrk (1 and 100 rows)
       PEER_MODEL=MODEL uvicorn serve_peer:app --workers N --port P   # the server
"""
import json
import os
import sys

import numpy as np
import pandas as pd

TREES, DEPTH, LR = 200, 6, 0.1


def train(train_csv, model_out):
    import xgboost as xgb
    data = pd.read_csv(train_csv)
    x, y = data.drop(columns="label").astype(np.float32), data["label"]
    model = xgb.XGBClassifier(n_estimators=TREES, max_depth=DEPTH, learning_rate=LR,
                              tree_method="hist", random_state=42)
    model.fit(x, y)
    model.save_model(model_out)


def bodies(test_csv, out_dir):
    data = pd.read_csv(test_csv, nrows=100).drop(columns="label")
    cols = list(data.columns)
    for n in (1, 100):
        rows = data.head(n)
        split = {"dataframe_split": {"columns": cols, "data": rows.values.tolist()}}
        with open(os.path.join(out_dir, f"invocations-{n}.json"), "w") as f:
            json.dump(split, f)
        infer = {"inputs": [{"name": c, "datatype": "FP64", "shape": [n],
                             "data": rows[c].tolist()} for c in cols]}
        with open(os.path.join(out_dir, f"infer-{n}.json"), "w") as f:
            json.dump(infer, f)


def tcp_nodelay_for_workers():
    """Uvicorn with --workers N binds its socket as socket.socket(family), whose proto is 0, and
    asyncio sets TCP_NODELAY only on sockets whose proto is IPPROTO_TCP: every worker's response then
    waited out Nagle and the delayed ACK (44 ms per request at low concurrency). The peer is measured
    at its best, so its connections get TCP_NODELAY as a single worker's do."""
    import asyncio.base_events
    import socket

    def set_nodelay(sock):
        if sock.family in {socket.AF_INET, socket.AF_INET6} and sock.type == socket.SOCK_STREAM:
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    asyncio.base_events._set_nodelay = set_nodelay


def make_app():
    import xgboost as xgb
    tcp_nodelay_for_workers()
    from fastapi import FastAPI, HTTPException, Request
    from fastapi.responses import JSONResponse, Response

    model = xgb.XGBClassifier()
    model.load_model(os.environ["PEER_MODEL"])
    columns = list(model.get_booster().feature_names or [])
    app = FastAPI()

    @app.get("/ping")
    def ping():
        return Response(content="\n", status_code=200, media_type="application/json")

    @app.post("/invocations")
    async def invocations(request: Request):
        try:
            body = json.loads(await request.body())
        except ValueError as e:
            raise HTTPException(status_code=400, detail=f"malformed JSON: {e}")
        if "dataframe_split" in body:
            split = body["dataframe_split"]
            df = pd.DataFrame(data=split["data"], columns=split["columns"])
        elif "dataframe_records" in body:
            df = pd.DataFrame.from_records(body["dataframe_records"])
        elif "instances" in body or "inputs" in body:
            df = pd.DataFrame(body.get("instances", body.get("inputs")))
        else:
            raise HTTPException(status_code=400, detail="expected dataframe_split, ...")
        missing = [c for c in columns if c not in df.columns]
        if missing:
            raise HTTPException(status_code=400, detail=f"missing inputs {missing}")
        df = df[columns].astype(np.float32)  # MLflow's schema enforcement: cast to the signature
        return JSONResponse({"predictions": model.predict(df).tolist()})

    return app


if __name__ == "__main__":
    {"train": train, "bodies": bodies}[sys.argv[1]](*sys.argv[2:])
else:
    app = make_app() if "PEER_MODEL" in os.environ else None
