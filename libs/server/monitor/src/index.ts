export * from './aggregation/pipeline-aggregator';
