/**
 * Datasets (structure folders or archives plus label CSVs, matbench JSON, extended XYZ),
 * labels with missing values, splits, target normalization fitted on the training split, and
 * batching of crystal graphs. Entry point: {@link org.regnet.data.DatasetLoader}.
 */
package org.regnet.data;
