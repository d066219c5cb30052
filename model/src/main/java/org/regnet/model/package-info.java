/**
 * The ReGNet network on DJL (graph layers, reciprocal blocks, mixture-of-experts head), its
 * training, the versioned model archive and the Java prediction API. Built out by the model
 * issue; uses the data module and, for fast inference, the kernels module.
 */
package org.regnet.model;
