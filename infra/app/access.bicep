// Data-plane roles of the app's identity on its own storage and Application Insights.
@description('Name of the app storage account.')
param storageName string

@description('Name of the Application Insights component.')
param appInsightsName string

@description('Object ID of the app identity.')
param principalId string

@description('The work queue and its poison queue: the only queues the identity may use.')
param queueNames array

@description('The blob container of the forecast history store.')
param historyContainer string

var roles = {
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  monitoringMetricsPublisher: '3913510d-42f4-4e42-8a64-420c390055eb'
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  storageBlobDataContributor: 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
}

resource stg 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageName
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' existing = {
  parent: stg
  name: 'default'
}

resource workQueues 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' existing = [
  for q in queueNames: {
    parent: queueService
    name: q
  }
]

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' existing = {
  parent: stg
  name: 'default'
}

resource history 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' existing = {
  parent: blobService
  name: historyContainer
}

resource appi 'Microsoft.Insights/components@2020-02-02' existing = {
  name: appInsightsName
}

// Host state, timer schedule status and leases, function keys, the deployment package: all blobs.
resource blobOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(stg.id, principalId, roles.storageBlobDataOwner)
  scope: stg
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataOwner)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource metricsPublisher 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(appi.id, principalId, roles.monitoringMetricsPublisher)
  scope: appi
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.monitoringMetricsPublisher)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

// The fan-out: send (timer), receive and delete (trigger), move to <queue>-poison (host), on
// these two queues only; no other queue, and nothing of the account's other services.
resource queueContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for i in range(0, length(queueNames)): {
    name: guid(workQueues[i].id, principalId, roles.storageQueueDataContributor)
    scope: workQueues[i]
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageQueueDataContributor)
      principalId: principalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The forecast history store (HistoryStore__blobServiceUri): read and write its blobs, in this
// container only. The account-wide Storage Blob Data Owner above is the Functions host's and
// already covers it; this assignment states what the history needs on its own, so it keeps
// working if the host's role is ever narrowed.
resource historyContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(history.id, principalId, roles.storageBlobDataContributor)
  scope: history
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', roles.storageBlobDataContributor)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
