global using Xunit;
global using FedNet.TestSupport;
