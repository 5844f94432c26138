// The app identity's roles on one AKS cluster, deployed into the cluster's resource group:
// AKS Cluster User (ARM listClusterUserCredential: API server URL + CA) and, on Azure-RBAC
// clusters, the business-scaler custom role at cluster scope.
@description('Name of the AKS cluster (in this deployment\'s resource group).')
param clusterName string

@description('Object ID of the app identity.')
param principalId string

@description('Resource ID of the custom role to assign; empty for Kubernetes-RBAC clusters.')
param customRoleId string = ''

var clusterUserRole = '4abbcc35-e782-43d8-92c5-2d3f1bd2253f'

resource aks 'Microsoft.ContainerService/managedClusters@2024-10-01' existing = {
  name: clusterName
}

resource clusterUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(aks.id, principalId, clusterUserRole)
  scope: aks
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', clusterUserRole)
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}

resource reconciler 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(customRoleId)) {
  name: guid(aks.id, principalId, 'business-scaler-reconciler')
  scope: aks
  properties: {
    roleDefinitionId: customRoleId
    principalId: principalId
    principalType: 'ServicePrincipal'
  }
}
