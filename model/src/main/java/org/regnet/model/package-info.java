/**
 * The ReGNet network on DJL (graph layers, reciprocal blocks, mixture-of-experts head), its
 * training, the versioned model archive and the Java prediction API. The public facade is
 * {@link org.regnet.model.ReGNetModel}; training is {@link org.regnet.model.ModelTrainer}.
 * Uses the data module and, for fused inference, the kernels module.
 */
package org.regnet.model;
