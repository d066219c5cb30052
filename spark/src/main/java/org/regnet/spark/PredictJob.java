package org.regnet.spark;

import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/**
 * The spark-submit entry point: structure files (or archives) under a Hadoop path in, Parquet out,
 * with the columns of {@code regnet predict}. Exit code 0 when the job ran (error rows included),
 * 2 for a usage error.
 */
@Command(name = "regnet-spark", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Predict every structure file and archive under INPUT (local, HDFS, S3; globs allowed) and write Parquet to OUTPUT.")
public final class PredictJob implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "INPUT", description = "A Hadoop path or glob of structure files and archives.")
    String input;

    @Parameters(index = "1", paramLabel = "OUTPUT", description = "The Parquet directory to write (replaced if it exists).")
    String output;

    @Option(names = "--model", split = ",", paramLabel = "M", defaultValue = "mp36k",
            description = "Bundled name, or model directories/zips every executor can read (several: an ensemble). Default: ${DEFAULT-VALUE}.")
    List<String> model;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Partitions of the input files (0: about 256 files each, at least twice the default parallelism).")
    int partitions;

    @Option(names = "--chunk", paramLabel = "N", defaultValue = "256", description = "Structures per network call. Default: ${DEFAULT-VALUE}.")
    int chunk;

    @Override
    public Integer call() {
        SparkSession spark = SparkSession.builder().appName("regnet predict").getOrCreate();
        try {
            SparkPrediction.Builder builder = SparkPrediction.builder().optModel(model).optChunkSize(chunk);
            if (partitions > 0) builder.optPartitions(partitions);
            SparkPrediction job = builder.build();
            job.predictFiles(spark, input).write().mode(SaveMode.Overwrite).parquet(output);
            return 0;
        } finally {
            spark.stop();
        }
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new PredictJob()).execute(args));
    }
}
