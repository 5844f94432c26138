// The app's storage: host state, timer leases, the deployment package, the work queues of
// the fan-out (FANOUT=queue) and the forecast history (one blob per resource and metric). Shared keys are disabled: everything authenticates with the
// managed identity.
@description('Name of the storage account (3-24 lowercase letters and digits).')
param name string

@description('Region of the storage account.')
param location string

@description('Tags of the storage account.')
param tags object

@description('Blob container that holds the deployment package.')
param deploymentContainer string

@minLength(3)
@maxLength(56)
@description('Queue of the fan-out work messages (the app setting WORK_QUEUE); the host adds <name>-poison.')
param workQueue string

@minLength(3)
@maxLength(63)
@description('Blob container of the forecast history store (the app setting HISTORY_CONTAINER).')
param historyContainer string

resource stg 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    defaultToOAuthAuthentication: true
  }
}

resource blobs 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: stg
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: deploymentContainer
  properties: { publicAccess: 'None' }
}

// Created here, not by the app: the identity's history role is scoped to this container only.
resource history 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobs
  name: historyContainer
  properties: { publicAccess: 'None' }
}

// Created here, not by the host: the identity's queue role is scoped to these two queues only.
resource queues 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: stg
  name: 'default'
}

resource work 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: workQueue
}

resource poison 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queues
  name: '${workQueue}-poison'
}

@description('Name of the storage account.')
output name string = stg.name

@description('Queue service endpoint (the app setting WorkQueue__queueServiceUri).')
output queueServiceUri string = stg.properties.primaryEndpoints.queue

@description('Blob service endpoint (the app setting HistoryStore__blobServiceUri).')
output blobServiceUri string = stg.properties.primaryEndpoints.blob

@description('Name of the forecast history container.')
output historyContainer string = history.name

@description('Names of the work queue and its poison queue.')
output queueNames array = [work.name, poison.name]

@description('URL of the deployment container.')
output deploymentContainerUrl string = '${stg.properties.primaryEndpoints.blob}${deploymentContainer}'
