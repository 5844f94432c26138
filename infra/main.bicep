// business-scaler on Azure: a Flex Consumption (FC1) Linux Function App on Node 22 running as a
// user-assigned managed identity, identity-based storage (no shared keys), Application Insights
// on Log Analytics, and access to each AKS cluster in `aksClusters` (which may live in other
// resource groups or subscriptions). Deploy with `azd up`.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name and tag every resource.')
param environmentName string

@minLength(1)
@description('Azure region of every resource (Flex Consumption must be available there).')
param location string

@description('Resource group to create or reuse. Default: rg-<environmentName>.')
param resourceGroupName string = ''

@description('AKS cluster resource IDs to scale, comma-separated (the app setting AKS_CLUSTERS).')
param aksClusters string = ''

@description('True when the clusters use Azure RBAC for Kubernetes authorization: the identity gets the business-scaler custom role on each. False for Kubernetes RBAC: bind the identityPrincipalId output with crds/rbac.yaml instead.')
param aksAzureRbac bool = true

@description('NCRONTAB schedule of the reconcile timer (6 fields, UTC).')
param reconcileSchedule string = '*/30 * * * * *'

@description('Namespace of the Events about BusinessScalings (the app setting EVENTS_NAMESPACE; the events role is assigned there).')
param eventsNamespace string = 'default'

@description('Namespaces Secrets for metric auth are read from, comma-separated (the app setting SECRETS_NAMESPACES; the Secrets role is assigned only there).')
param secretsNamespaces string = 'business-scaling-system'

@description('Namespaces whose EndpointSlices http.fromServiceEndpoints may list, comma-separated (the app setting ENDPOINTS_NAMESPACES; default none: the feature is off and no role is assigned).')
param endpointsNamespaces string = ''

@description('Namespace of the shard leases (the app setting LEASE_NAMESPACE; the lease role is assigned only there).')
param leaseNamespace string = 'business-scaling-system'

@allowed(['inline', 'queue'])
@description('FANOUT: inline runs every shard in the timer; queue sends one message per (cluster, shard) to workQueue, run by the queue-triggered function across instances.')
param fanout string = 'inline'

@minLength(3)
@maxLength(56)
@description('WORK_QUEUE: the queue of the fan-out work messages (created in the app storage, with <name>-poison).')
param workQueue string = 'reconcile-work'

@minValue(1)
@maxValue(3600)
@description('WORK_MESSAGE_TTL_SECONDS: a work message older than this is dropped; one schedule period.')
param workMessageTtlSeconds int = 30

@minLength(3)
@maxLength(63)
@description('HISTORY_CONTAINER: the blob container of the forecast history store, created in the app storage; the identity holds Storage Blob Data Contributor on it.')
param historyContainer string = 'history'

@allowed([512, 2048, 4096])
@description('Memory of each Flex Consumption instance, in MB.')
param instanceMemoryMB int = 512

@minValue(40)
@maxValue(1000)
@description('Upper limit of Flex Consumption instances.')
param maximumInstanceCount int = 40

var tags = { 'azd-env-name': environmentName }
var token = toLower(uniqueString(subscription().id, environmentName, location))
var clusterIds = filter(map(split(aksClusters, ','), id => trim(id)), id => !empty(id))
var secretsNamespaceList = filter(map(split(secretsNamespaces, ','), ns => trim(ns)), ns => !empty(ns))
var endpointsNamespaceList = filter(map(split(endpointsNamespaces, ','), ns => trim(ns)), ns => !empty(ns))
// The namespaces of each namespace setting of lib/permissions/table.ts: the app settings below
// and the namespace-scoped role assignments (aks-access.bicep) use the same values.
var namespaces = {
  EVENTS_NAMESPACE: [eventsNamespace]
  SECRETS_NAMESPACES: secretsNamespaceList
  LEASE_NAMESPACE: [leaseNamespace]
  ENDPOINTS_NAMESPACES: endpointsNamespaceList
}

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: empty(resourceGroupName) ? 'rg-${environmentName}' : resourceGroupName
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: { name: 'id-scaler-${token}', location: location, tags: tags }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: { logAnalyticsName: 'log-${token}', appInsightsName: 'appi-${token}', location: location, tags: tags }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: 'st${token}'
    location: location
    tags: tags
    deploymentContainer: 'deployment'
    workQueue: workQueue
    historyContainer: historyContainer
  }
}

module access 'app/access.bicep' = {
  name: 'access'
  scope: rg
  params: {
    storageName: storage.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    principalId: identity.outputs.principalId
    queueNames: storage.outputs.queueNames
    historyContainer: storage.outputs.historyContainer
  }
}

module app 'app/function.bicep' = {
  name: 'function'
  scope: rg
  dependsOn: [access]
  params: {
    name: 'func-scaler-${token}'
    planName: 'plan-${token}'
    location: location
    tags: union(tags, { 'azd-service-name': 'scaler' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageName: storage.outputs.name
    deploymentContainerUrl: storage.outputs.deploymentContainerUrl
    appInsightsName: monitoring.outputs.appInsightsName
    queueServiceUri: storage.outputs.queueServiceUri
    blobServiceUri: storage.outputs.blobServiceUri
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: {
      AKS_CLUSTERS: join(clusterIds, ',')
      RECONCILE_SCHEDULE: reconcileSchedule
      EVENTS_NAMESPACE: eventsNamespace
      SECRETS_NAMESPACES: join(secretsNamespaceList, ',')
      LEASE_NAMESPACE: leaseNamespace
      FANOUT: fanout
      // Inline runs have no queue work: without these the host would keep polling both queues.
      'AzureWebJobs.reconcileQueue.Disabled': fanout == 'queue' ? 'false' : 'true'
      'AzureWebJobs.reconcilePoison.Disabled': fanout == 'queue' ? 'false' : 'true'
      WORK_QUEUE: workQueue
      WORK_MESSAGE_TTL_SECONDS: string(workMessageTtlSeconds)
      ENDPOINTS_NAMESPACES: join(endpointsNamespaceList, ',')
      HISTORY_CONTAINER: historyContainer
    }
  }
}

module aksRole 'app/aks-role.bicep' = if (aksAzureRbac && !empty(clusterIds)) {
  name: 'aks-role'
  params: { environmentName: environmentName }
}

// One module per cluster, deployed into the cluster's own subscription and resource group.
module aksAccess 'app/aks-access.bicep' = [
  for (id, i) in clusterIds: {
    name: 'aks-access-${i}'
    scope: resourceGroup(split(id, '/')[2], split(id, '/')[4])
    params: {
      clusterName: last(split(id, '/'))
      principalId: identity.outputs.principalId
      customRoleId: aksAzureRbac ? aksRole.outputs.id : ''
      namespaceRoles: aksAzureRbac ? aksRole.outputs.namespaceRoles : []
      namespaces: namespaces
    }
  }
]

@description('Resource group of the app.')
output AZURE_RESOURCE_GROUP string = rg.name

@description('Name of the Function App.')
output AZURE_FUNCTION_APP_NAME string = app.outputs.name

@description('Object (principal) ID of the managed identity: the Kubernetes user name to bind in crds/rbac.yaml on Kubernetes-RBAC clusters.')
output identityPrincipalId string = identity.outputs.principalId

@description('Client ID of the managed identity (the app setting AZURE_CLIENT_ID).')
output identityClientId string = identity.outputs.clientId

@description('The fan-out work queue (WORK_QUEUE); failed invocations go to <name>-poison, drained by reconcilePoison.')
output WORK_QUEUE string = workQueue

@description('Queue service endpoint of the app storage (WorkQueue__queueServiceUri).')
output WORK_QUEUE_SERVICE_URI string = storage.outputs.queueServiceUri

@description('Blob service endpoint of the app storage (HistoryStore__blobServiceUri, the forecast history store).')
output HISTORY_BLOB_SERVICE_URI string = storage.outputs.blobServiceUri
