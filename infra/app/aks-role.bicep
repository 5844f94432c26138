// The custom Azure RBAC role for Azure-RBAC AKS clusters: exactly what a reconcile does.
// Custom resources can only be named by the generic `customresources/*` data actions (a
// group/kind-specific action such as `.../example.com/businessscalings/read` is not a valid
// role action); a /scale or /status PATCH is authorised as a write on the parent resource.
targetScope = 'subscription'

@description('Name of the azd environment (makes the role name unique per environment).')
param environmentName string

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(subscription().id, 'business-scaler', environmentName)
  properties: {
    roleName: 'business-scaler reconciler (${environmentName})'
    description: 'List BusinessScalings and patch their status; read and patch /scale of Deployments and StatefulSets; create Events.'
    type: 'CustomRole'
    permissions: [
      {
        actions: []
        notActions: []
        dataActions: [
          'Microsoft.ContainerService/managedClusters/customresources/read'
          'Microsoft.ContainerService/managedClusters/customresources/write'
          'Microsoft.ContainerService/managedClusters/apps/deployments/read'
          'Microsoft.ContainerService/managedClusters/apps/deployments/write'
          'Microsoft.ContainerService/managedClusters/apps/statefulsets/read'
          'Microsoft.ContainerService/managedClusters/apps/statefulsets/write'
          'Microsoft.ContainerService/managedClusters/events/write'
        ]
        notDataActions: []
      }
    ]
    assignableScopes: [subscription().id]
  }
}

@description('Resource ID of the role definition.')
output id string = role.id
