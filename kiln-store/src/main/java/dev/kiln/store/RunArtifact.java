package dev.kiln.store;

/** A run's file: its path relative to the run, and the content's digest in the artifact store. */
public record RunArtifact(String path, String digest, long size) {}
