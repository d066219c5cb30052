/**
 * Datasets (structure folders or archives plus label CSVs, matbench JSON, extended XYZ),
 * labels with missing values, splits, target normalization fitted on the training split, and
 * batching of crystal graphs. Built out by the model issue on top of the crystal module.
 */
package org.regnet.data;
