// The Flex Consumption (FC1) plan and the Linux Function App on Node 22, running as the
// user-assigned identity. No FUNCTIONS_WORKER_RUNTIME / WEBSITE_RUN_FROM_PACKAGE / linuxFxVersion:
// on Flex the runtime and the package location live in functionAppConfig.
@description('Name of the Function App.')
param name string

@description('Name of the Flex Consumption plan.')
param planName string

@description('Region of the plan and the app.')
param location string

@description('Tags of the plan and the app (the app carries azd-service-name).')
param tags object

@description('Resource ID of the user-assigned identity the app runs as.')
param identityId string

@description('Client ID of that identity.')
param identityClientId string

@description('Name of the app storage account (identity-based AzureWebJobsStorage).')
param storageName string

@description('URL of the blob container the deployment package is pulled from.')
param deploymentContainerUrl string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Queue service endpoint of the app storage (identity-based connection WorkQueue).')
param queueServiceUri string

@description('Blob service endpoint of the app storage (identity-based connection HistoryStore).')
param blobServiceUri string

@allowed([512, 2048, 4096])
@description('Memory of each instance, in MB.')
param instanceMemoryMB int

@minValue(40)
@maxValue(1000)
@description('Upper limit of instances.')
param maximumInstanceCount int

@description('App settings of business-scaler itself (AKS_CLUSTERS, RECONCILE_SCHEDULE, ...).')
param appSettings object

resource appi 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { name: 'FC1', tier: 'FlexConsumption' }
  properties: { reserved: true }
}

resource site 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: { minTlsVersion: '1.2', ftpsState: 'Disabled' }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: deploymentContainerUrl
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: { name: 'node', version: '22' }
    }
  }
}

resource settings 'Microsoft.Web/sites/config@2024-04-01' = {
  parent: site
  name: 'appsettings'
  properties: union(appSettings, {
    AzureWebJobsStorage__accountName: storageName
    AzureWebJobsStorage__credential: 'managedidentity'
    AzureWebJobsStorage__clientId: identityClientId
    WorkQueue__queueServiceUri: queueServiceUri
    WorkQueue__credential: 'managedidentity'
    WorkQueue__clientId: identityClientId
    HistoryStore__blobServiceUri: blobServiceUri
    HistoryStore__credential: 'managedidentity'
    HistoryStore__clientId: identityClientId
    APPLICATIONINSIGHTS_CONNECTION_STRING: appi.properties.ConnectionString
    APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
    AZURE_CLIENT_ID: identityClientId
    // The Node.js worker's heap limit, half the instance: V8 lets the heap grow to ~1.3 × what
    // is live with 256 MB, ~1.6 × with 1 GB, ~4 × from 2 GB (README, Performance: Memory).
    // At the default 512 MB, the flags of bench/nodeArguments.ts (test/unit/bicep.test.ts).
    languageWorkers__node__arguments: '--max-old-space-size=${instanceMemoryMB / 2} --max-semi-space-size=8'
  })
}

@description('Name of the Function App.')
output name string = site.name
