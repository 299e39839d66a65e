/**
 * ECG signal processing independent of file formats, on float arrays [leads, samples] in µV at a given rate: QRS
 * detection on 1–12-lead rhythms ({@link org.heatbench.datasets.signal.QrsDetector}), beat selection and median-beat
 * averaging placed in the window as GE MUSE places it ({@link org.heatbench.datasets.signal.MedianBeatBuilder}),
 * multilead delineation of P, QRS and T ({@link org.heatbench.datasets.signal.Delineator}) and the study's
 * measurements ({@link org.heatbench.datasets.signal.Measurements}). Algorithms, citations and validation figures:
 * {@code docs/SIGNALS.md}. Every class here is stateless or immutable and thread-safe.
 */
package org.heatbench.datasets.signal;
